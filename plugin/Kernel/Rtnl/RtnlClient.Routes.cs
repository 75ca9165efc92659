using System.Net.Sockets;
using Csnet.Plugin.Kernel.Netlink;

namespace Csnet.Plugin.Kernel.Rtnl;

public sealed partial class RtnlClient
{
    /// <summary>Unicast routes of the main table (RT_TABLE_MAIN) for one address family.</summary>
    public IReadOnlyList<Route> GetRoutes(AddressFamily family)
    {
        var linuxFamily = AddressFamilies.ToLinux(family);
        return Dump($"dump {family} routes", RtnlMessageTypes.RTM_GETROUTE,
            (ref NetlinkWriter w) => w.WriteFixed(new RtMessage { Family = linuxFamily }),
            (in NetlinkMessage message) => message.Header.Type == RtnlMessageTypes.RTM_NEWROUTE
                ? RouteParser.Parse(message.Payload, linuxFamily)
                : null);
    }
}
