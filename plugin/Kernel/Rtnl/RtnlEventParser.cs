using System.Net.Sockets;
using Csnet.Plugin.Kernel.Netlink;

namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>
/// Turns notification datagrams of the link and route groups into <see cref="RtnlEvent"/>s. Pure,
/// so it is tested with hand-built messages; malformed input throws <see cref="NetlinkFormatException"/>.
/// </summary>
internal static class RtnlEventParser
{
    /// <summary>Appends the events of every message in <paramref name="datagram"/> to <paramref name="events"/>.</summary>
    public static void Parse(ReadOnlySpan<byte> datagram, List<RtnlEvent> events)
    {
        foreach (var message in new NetlinkMessageReader(datagram))
        {
            if (Parse(message) is { } parsed)
                events.Add(parsed);
        }
    }

    /// <summary>Null for what csnet does not react to: routes with a prefix, non-unicast routes, other message types.</summary>
    public static RtnlEvent? Parse(in NetlinkMessage message) => message.Header.Type switch
    {
        RtnlMessageTypes.RTM_NEWROUTE => DefaultRoute(message.Payload, deleted: false),
        RtnlMessageTypes.RTM_DELROUTE => DefaultRoute(message.Payload, deleted: true),
        RtnlMessageTypes.RTM_NEWLINK => new LinkEvent(LinkParser.Parse(message.Payload), Deleted: false),
        RtnlMessageTypes.RTM_DELLINK => new LinkEvent(LinkParser.Parse(message.Payload), Deleted: true),
        _ => null,
    };

    // From the fixed header alone: on a host that carries a full BGP table nearly every
    // notification is a prefix route, and none of them is worth reading an attribute for.
    private static DefaultRouteEvent? DefaultRoute(ReadOnlySpan<byte> payload, bool deleted)
    {
        var header = NetlinkMessageReader.ReadFixed<RtMessage>(payload, out _);
        if (header.DestinationLength != 0 || header.Type != RouteAttributeTypes.RTN_UNICAST)
            return null;
        return header.Family switch
        {
            AddressFamilies.AF_INET => new DefaultRouteEvent(AddressFamily.InterNetwork, deleted),
            AddressFamilies.AF_INET6 => new DefaultRouteEvent(AddressFamily.InterNetworkV6, deleted),
            _ => null,
        };
    }
}
