using System.Net;
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
                ? ParseRoute(message.Payload, linuxFamily)
                : null);
    }

    private static Route? ParseRoute(ReadOnlySpan<byte> payload, byte family)
    {
        var header = NetlinkMessageReader.ReadFixed<RtMessage>(payload, out var attributes);
        if (header.Family != family || header.Type != RouteAttributeTypes.RTN_UNICAST)
        {
            return null;
        }

        // rtm_table is 8 bits; RTA_TABLE carries the full table id and wins when present.
        uint table = header.Table;
        IPAddress? destination = null;
        IPAddress? gateway = null;
        int? outputIndex = null;
        foreach (var attribute in new AttributeReader(attributes))
        {
            switch (attribute.Type)
            {
                case RouteAttributeTypes.RTA_TABLE:
                    table = attribute.GetUInt32();
                    break;
                case RouteAttributeTypes.RTA_DST:
                    destination = ReadIPAddress(attribute, family);
                    break;
                case RouteAttributeTypes.RTA_GATEWAY:
                    gateway = ReadIPAddress(attribute, family);
                    break;
                case RouteAttributeTypes.RTA_OIF:
                    outputIndex = attribute.GetInt32();
                    break;
            }
        }

        return table == RouteAttributeTypes.RT_TABLE_MAIN
            ? new Route(destination, header.DestinationLength, gateway, outputIndex)
            : null;
    }
}
