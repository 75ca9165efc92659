using Csnet.Plugin.Kernel.Nftables;
using Csnet.Plugin.Model;

namespace Csnet.Plugin.Drivers.Firewall;

/// <summary>
/// A mode's firewall policy: the rule sets of its own networks. <see cref="FirewallSync"/> asks every
/// mode and applies the union, so a mode that installs no rules neither wipes nor is wiped by others.
/// </summary>
public interface IFirewallContributor
{
    /// <param name="networks">Every stored network, of all modes; take only your own.</param>
    /// <param name="published">Endpoints that publish ports, by network id.</param>
    IEnumerable<NetworkRules> RulesFor(IReadOnlyList<Network> networks, ILookup<string, Endpoint> published);
}
