using System.Net.Sockets;
using Csnet.Plugin.Drivers.Diagnosis;
using Csnet.Plugin.Kernel.Proc;
using Csnet.Plugin.Model;

namespace Csnet.Plugin.Doctor;

/// <summary>
/// net.ipv4.ip_forward and net.ipv6.conf.all.forwarding: without them a bridge network's containers
/// reach nothing beyond their bridge. csnet turns them on when it creates such a network, so off
/// means something turned them off later (a sysctl.d file applied, a firewall service).
/// </summary>
public sealed class ForwardingCheck(ISysctls sysctls) : IHostCheck
{
    private const string Name = "forwarding";

    public IEnumerable<Finding> Check(IReadOnlyList<Network> networks)
    {
        var v4 = RoutedNetworks.Of(networks, AddressFamily.InterNetwork).ToList();
        var v6 = RoutedNetworks.Of(networks, AddressFamily.InterNetworkV6).ToList();
        var ipv4 = sysctls.IPv4ForwardingOn();
        var ipv6 = sysctls.IPv6ForwardingOn();
        if (!ipv4 && v4.Count > 0)
            yield return Finding.Problem(Name, $"net.ipv4.ip_forward is 0: containers of {RoutedNetworks.Names(v4)} cannot leave their bridge",
                "sysctl -w net.ipv4.ip_forward=1, and keep it in /etc/sysctl.d/");
        if (ipv6 == false && v6.Count > 0)
            yield return Finding.Problem(Name, $"net.ipv6.conf.all.forwarding is 0: IPv6 of {RoutedNetworks.Names(v6)} cannot leave its bridge",
                "sysctl -w net.ipv6.conf.all.forwarding=1, and keep it in /etc/sysctl.d/");
        if ((ipv4 || v4.Count == 0) && (ipv6 != false || v6.Count == 0))
        {
            yield return Finding.Ok(Name, $"net.ipv4.ip_forward={(ipv4 ? 1 : 0)}, IPv6 forwarding {(ipv6 is null ? "absent (no IPv6)" : ipv6 == true ? "1" : "0")}"
                + $" ({v4.Count} IPv4 and {v6.Count} IPv6 routed network(s) need them)");
        }
    }
}
