using System.Diagnostics;
using System.Net;
using Csnet.Plugin.Kernel.Nftables;
using Csnet.Plugin.State;
using Microsoft.Extensions.Logging;

namespace Csnet.Plugin.Drivers.Bridge;

/// <summary>
/// Brings the firewall in line with the stored bridge networks and published ports. Reading the
/// store and applying happen under one lock, so two changes at once cannot apply stale sets over
/// each other, and a repair never races a change.
/// </summary>
public sealed class BridgeFirewall(INetworkStore networks, IEndpointStore endpoints, IFirewall firewall, ILogger<BridgeFirewall> logger)
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

    private IReadOnlyCollection<NetworkRules> Current() => RulesFor(networks.All(), endpoints.WithPorts());

    internal static IReadOnlyCollection<NetworkRules> RulesFor(IEnumerable<NetworkRecord> records, IEnumerable<EndpointRecord> published)
    {
        var portsByNetwork = published.ToLookup(e => e.NetworkId);
        return records
            .Where(n => n.Mode == BridgeDriver.ModeName)
            .SelectMany(n => n.Subnets.Select(s => (Network: n, Pool: Cidr.Parse(s.Pool))))
            .Select(x => new NetworkRules
            {
                NetworkId = x.Network.Id,
                Bridge = x.Network.BridgeName,
                Subnet = x.Pool.Network,
                PrefixLength = x.Pool.PrefixLength,
                Masquerade = x.Network.Masquerade,
                Internal = x.Network.Internal,
                Icc = x.Network.Icc,
                SnatAddress = x.Network.SnatAddress is null ? null : IPAddress.Parse(x.Network.SnatAddress),
                Ports = PortsIn(x.Pool, portsByNetwork[x.Network.Id]),
            })
            .ToList();
    }

    /// <summary>The mappings of endpoints whose address lies in this subnet of the network.</summary>
    private static List<PortMapping> PortsIn(Cidr pool, IEnumerable<EndpointRecord> endpoints) =>
        endpoints
            .Where(e => Cidr.TryParse(e.Address, out var address) && pool.Contains(address.Address))
            .SelectMany(e => e.Ports.Select(p => new PortMapping
            {
                Protocol = (byte)p.Proto,
                HostIp = p.HostIp is null ? null : IPAddress.Parse(p.HostIp),
                HostPort = p.HostPort,
                ContainerIp = Cidr.Parse(e.Address!).Address,
                ContainerPort = p.ContainerPort,
                EndpointId = e.Id,
            }))
            .ToList();
}
