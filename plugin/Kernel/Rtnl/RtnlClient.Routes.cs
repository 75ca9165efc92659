using System.Net.Sockets;
using Csnet.Plugin.Kernel.Netlink;

namespace Csnet.Plugin.Kernel.Rtnl;

public sealed partial class RtnlClient
{
    private const int ESRCH = 3;

    /// <summary>Unicast routes of the main table (RT_TABLE_MAIN) for one address family.</summary>
    public IReadOnlyList<Route> GetRoutes(AddressFamily family) => DumpRoutes(family, RouteParser.Parse);

    public IReadOnlyList<Route> GetDefaultRoutes(AddressFamily family) => DumpRoutes(family, RouteParser.ParseDefault);

    private delegate Route? RouteFilter(ReadOnlySpan<byte> payload, byte family);

    // A route dump cannot be filtered by prefix length in the kernel (its dump filters are table,
    // protocol, type and output interface), so every route crosses the socket; the filter saves
    // only the parsing.
    private List<Route> DumpRoutes(AddressFamily family, RouteFilter parse)
    {
        var linuxFamily = AddressFamilies.ToLinux(family);
        return Dump($"dump {family} routes", RtnlMessageTypes.RTM_GETROUTE,
            (ref NetlinkWriter w) => w.WriteFixed(new RtMessage { Family = linuxFamily }),
            (in NetlinkMessage message) => message.Header.Type == RtnlMessageTypes.RTM_NEWROUTE
                ? parse(message.Payload, linuxFamily)
                : null);
    }

    /// <summary>NLM_F_CREATE | NLM_F_REPLACE: adding a route that is already there is not an error.</summary>
    public void ReplaceRoute(Route route)
    {
        ArgumentNullException.ThrowIfNull(route);
        Execute($"add route {Describe(route)}", RtnlMessageTypes.RTM_NEWROUTE, NetlinkFlags.NLM_F_CREATE | NetlinkFlags.NLM_F_REPLACE,
            (ref NetlinkWriter w) => RouteAttributesWriter.WriteRoute(ref w, route));
    }

    public bool TryDeleteRoute(Route route)
    {
        ArgumentNullException.ThrowIfNull(route);
        try
        {
            Execute($"delete route {Describe(route)}", RtnlMessageTypes.RTM_DELROUTE, 0,
                (ref NetlinkWriter w) => RouteAttributesWriter.WriteRoute(ref w, route));
            return true;
        }
        catch (NetlinkException e) when (e.Errno is ESRCH or ENODEV)
        {
            return false;
        }
    }

    private static string Describe(Route route) =>
        $"{route.Destination?.ToString() ?? "default"}/{route.PrefixLength}"
        + (route.Gateway is { } gateway ? $" via {gateway}" : "")
        + (route.OutputIndex is { } index ? $" dev #{index}" : "");
}
