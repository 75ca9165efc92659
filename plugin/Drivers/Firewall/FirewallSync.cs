using System.Diagnostics;
using Csnet.Plugin.Kernel.Nftables;
using Csnet.Plugin.State;
using Microsoft.Extensions.Logging;

namespace Csnet.Plugin.Drivers.Firewall;

/// <summary>
/// Brings the firewall in line with the stored networks and published ports of every mode. Reading
/// the store and applying happen under one lock, so two changes at once cannot apply stale sets
/// over each other, and a repair never races a change.
/// </summary>
public sealed class FirewallSync(
    INetworkStore networks,
    IEndpointStore endpoints,
    IEnumerable<IFirewallContributor> contributors,
    IFirewall firewall,
    ILogger<FirewallSync> logger)
{
    private readonly Lock _lock = new();

    public void Sync()
    {
        lock (_lock)
        {
            firewall.Apply(Current());
        }
    }

    /// <summary>Re-applies the rules when something removed or changed them; true when it did.</summary>
    public bool Heal()
    {
        lock (_lock)
        {
            var rules = Current();
            if (firewall.IsIntact(rules))
                return false;
            var started = Stopwatch.GetTimestamp();
            firewall.Apply(rules);
            logger.FirewallRepaired(rules.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return true;
        }
    }

    private IReadOnlyCollection<NetworkRules> Current()
    {
        var all = networks.All();
        var published = endpoints.WithPorts().ToLookup(e => e.NetworkId);
        return contributors.SelectMany(c => c.RulesFor(all, published)).ToList();
    }
}
