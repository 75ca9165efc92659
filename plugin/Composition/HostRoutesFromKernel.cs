using System.Net;
using System.Net.Sockets;
using Csnet.Ipam;
using Csnet.Plugin.Kernel.Rtnl;

namespace Csnet.Plugin.Composition;

/// <summary>
/// The IPAM's view of the networks the host already uses: IPv4 routes of the main table (except
/// the default route) and the prefixes of interface addresses, read fresh by netlink on each
/// automatic pool request.
/// </summary>
public sealed class HostRoutesFromKernel(IRtnl rtnl) : IHostRoutes
{
    public IReadOnlyList<(IPAddress Address, int PrefixLength)> GetHostPrefixes()
    {
        var routes = rtnl.GetRoutes(AddressFamily.InterNetwork)
            .Where(r => r.Destination is not null && r.PrefixLength > 0)
            .Select(r => (r.Destination!, r.PrefixLength));
        var addresses = rtnl.GetAddresses()
            .Where(a => a.Address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a.Address))
            .Select(a => (a.Address, a.PrefixLength));
        return routes.Concat(addresses).Distinct().ToList();
    }
}
