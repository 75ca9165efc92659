using System.Net;
using Csnet.Plugin.Kernel.Netlink;

namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>Turns an RTM_NEWROUTE payload into a <see cref="Route"/> of the main table.</summary>
internal static class RouteParser
{
    /// <summary>Null for other families, other tables and non-unicast routes (local, broadcast, …).</summary>
    public static Route? Parse(ReadOnlySpan<byte> payload, byte family)
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
        IPAddress? preferredSource = null;
        foreach (var attribute in new AttributeReader(attributes))
        {
            switch (attribute.Type)
            {
                case RouteAttributeTypes.RTA_TABLE:
                    table = attribute.GetUInt32();
                    break;
                case RouteAttributeTypes.RTA_DST:
                    destination = IPAddressAttribute.Read(attribute, family);
                    break;
                case RouteAttributeTypes.RTA_GATEWAY:
                    gateway = IPAddressAttribute.Read(attribute, family);
                    break;
                case RouteAttributeTypes.RTA_OIF:
                    outputIndex = attribute.GetInt32();
                    break;
                case RouteAttributeTypes.RTA_PREFSRC:
                    preferredSource = IPAddressAttribute.Read(attribute, family);
                    break;
            }
        }

        return table == RouteAttributeTypes.RT_TABLE_MAIN
            ? new Route(destination, header.DestinationLength, gateway, outputIndex) { PreferredSource = preferredSource }
            : null;
    }
}
