using System.Net;

namespace Csnet.Ipam;

/// <summary>
/// The networks the host already uses (on-link routes and interface addresses), implemented by the
/// host program from netlink. Automatic pools that overlap one of them are skipped.
/// </summary>
public interface IHostRoutes
{
    IReadOnlyList<(IPAddress Address, int PrefixLength)> GetHostPrefixes();
}
