using System.Net.Sockets;
using Csnet.Plugin.Drivers.Bridge;
using Csnet.Plugin.Drivers.Diagnosis;
using Csnet.Plugin.Kernel.Proc;
using Csnet.Plugin.Model;

namespace Csnet.Plugin.Doctor;

/// <summary>
/// br_netfilter and bridge-nf-call-iptables/ip6tables: with ICC off, frames between two containers of
/// one bridge must pass the IP firewall to be stopped. Where the module is loaded, the same setting
/// also sends same-bridge traffic through the FORWARD chain, which is why csnet opens it.
/// </summary>
public sealed class BridgeNetfilterCheck(ISysctls sysctls) : IHostCheck
{
    private const string Name = "br_netfilter";

    public IEnumerable<Finding> Check(IReadOnlyList<Network> networks)
    {
        var iccOff = networks.Where(n => n.Mode == BridgeDriver.ModeName && !n.SettingsAs<BridgeSettings>().Icc).ToList();
        var v4 = sysctls.BridgeNetfilter(AddressFamily.InterNetwork);
        var v6 = sysctls.BridgeNetfilter(AddressFamily.InterNetworkV6);
        if (v4 is null)
        {
            yield return iccOff.Count > 0
                ? Finding.Problem(Name, $"br_netfilter is not loaded: containers of ICC-off network(s) {RoutedNetworks.Names(iccOff)} can reach each other",
                    "modprobe br_netfilter, and list it in /etc/modules-load.d/")
                : Finding.Ok(Name, "br_netfilter not loaded (only networks with com.docker.network.bridge.enable_icc=false need it)");
            yield break;
        }
        var off = new[] { (AddressFamily.InterNetwork, v4), (AddressFamily.InterNetworkV6, v6) }
            .Where(x => x.Item2 == false && iccOff.Any(n => n.Subnets.Any(s => s.Family == x.Item1)))
            .Select(x => x.Item1 == AddressFamily.InterNetwork ? "iptables" : "ip6tables").ToList();
        if (off.Count > 0)
        {
            yield return Finding.Warning(Name, $"net.bridge.bridge-nf-call-{string.Join(" and -", off)} is 0 with ICC-off networks ({RoutedNetworks.Names(iccOff)}); the next reconcile pass sets it",
                $"sysctl -w net.bridge.bridge-nf-call-{off[0]}=1");
            yield break;
        }
        yield return Finding.Ok(Name, $"loaded; bridge-nf-call-iptables={(v4 == true ? 1 : 0)}, bridge-nf-call-ip6tables={(v6 == true ? 1 : 0)}");
    }
}
