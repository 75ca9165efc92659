using System.Net;
using System.Net.Sockets;
using Csnet.Ipam;
using Csnet.Plugin.Kernel.Rtnl;

namespace Csnet.Plugin.Composition;

/// <summary>
/// The IPAM's view of the networks the host already uses: routes of the main table of both
/// families (except default routes) and the prefixes of interface addresses (except loopback and
/// IPv6 link-local, which every link has), read fresh by netlink on each automatic pool request.
/// </summary>
public sealed class HostRoutesFromKernel(IRtnl rtnl) : IHostRoutes
{
    public IReadOnlyList<(IPAddress Address, int PrefixLength)> GetHostPrefixes()
    {
        var routes = new[] { AddressFamily.InterNetwork, AddressFamily.InterNetworkV6 }
            .SelectMany(rtnl.GetRoutes)
            .Where(r => r.Destination is not null && r.PrefixLength > 0)
            .Select(r => (r.Destination!, r.PrefixLength));
        var addresses = rtnl.GetAddresses()
            .Where(a => !IPAddress.IsLoopback(a.Address) && !a.Address.IsIPv6LinkLocal)
            .Select(a => (a.Address, a.PrefixLength));
        return routes.Concat(addresses).Where(p => !p.Item1.IsIPv6LinkLocal && !p.Item1.IsIPv6Multicast).Distinct().ToList();
    }
}
