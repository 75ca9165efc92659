using System.Net.Sockets;
using Csnet.Plugin.Drivers;
using Csnet.Plugin.Drivers.Bridge;
using Csnet.Plugin.Drivers.Diagnosis;
using Csnet.Plugin.Kernel;
using Csnet.Plugin.Kernel.LegacyXtables;
using Csnet.Plugin.Kernel.Nftables;
using Csnet.Plugin.Model;

namespace Csnet.Plugin.Doctor;

/// <summary>
/// The FORWARD policy in both iptables back ends. iptables-nft's FORWARD chain (dockerd sets it to
/// DROP) is opened by csnet's own rules, so DROP there is expected and the firewall check says
/// whether those rules are in place. A legacy x_tables FORWARD with policy DROP is a table csnet's
/// nftables rules cannot open: each bridge then needs the accept rules a user adds.
/// </summary>
public sealed class ForwardPolicyCheck(IFirewall firewall, ILegacyXtables legacy) : IHostCheck
{
    private const string Name = "forward policy";

    public IEnumerable<Finding> Check(IReadOnlyList<Network> networks)
    {
        var nft = firewall.HostForwardPolicies();
        var text = nft.Count == 0
            ? "iptables-nft: no filter FORWARD chain"
            : "iptables-nft: " + string.Join(", ", nft.Select(p => $"{p.Family} FORWARD policy {p.Policy}")) + " (csnet's accept rules open it: see firewall)";
        var bridges = networks.Where(n => n.Mode == BridgeDriver.ModeName).ToList();
        var blocked = new List<string>();
        foreach (var family in new[] { AddressFamily.InterNetwork, AddressFamily.InterNetworkV6 })
        {
            var chain = Read(family);
            var tool = family == AddressFamily.InterNetwork ? "iptables-legacy" : "ip6tables-legacy";
            if (chain is null)
            {
                text += $"; {tool}: no FORWARD chain";
                continue;
            }
            text += $"; {tool}: FORWARD policy {(chain.PolicyDrops ? "drop" : "accept")}";
            blocked.AddRange(bridges.Where(n => n.Subnets.Any(s => s.Family == family))
                .Select(n => n.SettingsAs<BridgeSettings>().BridgeName)
                .Where(b => !chain.Passes(b))
                .Select(b => $"{b} ({tool})"));
        }
        if (blocked.Count > 0)
        {
            yield return Finding.Problem(Name, $"{text}: the legacy DROP stops bridge(s) {string.Join(", ", blocked)}, which nftables rules cannot open",
                $"iptables-legacy -I FORWARD -i {InterfaceNames.BridgePrefix}+ -j ACCEPT; iptables-legacy -I FORWARD -o {InterfaceNames.BridgePrefix}+ -j ACCEPT (ip6tables-legacy likewise), or move the host to iptables-nft");
            yield break;
        }
        yield return Finding.Ok(Name, text);
    }

    private LegacyForwardChain? Read(AddressFamily family)
    {
        try
        {
            return legacy.Forward(family);
        }
        catch (SystemCallException)
        {
            return null;
        }
    }
}
