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
        return header.Family == family && header.Type == RouteAttributeTypes.RTN_UNICAST
            ? Parse(header, attributes)
            : null;
    }

    /// <summary>
    /// As <see cref="Parse(ReadOnlySpan{byte}, byte)"/> for default routes only: any other route is
    /// skipped from its fixed header, before an attribute is read or anything allocated, so a full
    /// BGP table costs one header check per route.
    /// </summary>
    public static Route? ParseDefault(ReadOnlySpan<byte> payload, byte family)
    {
        var header = NetlinkMessageReader.ReadFixed<RtMessage>(payload, out var attributes);
        return header.Family == family && header.Type == RouteAttributeTypes.RTN_UNICAST && header.DestinationLength == 0
            ? Parse(header, attributes)
            : null;
    }

    private static Route? Parse(RtMessage header, ReadOnlySpan<byte> attributes)
    {
        // rtm_table is 8 bits; RTA_TABLE carries the full table id and wins when present.
        uint table = header.Table;
        IPAddress? destination = null;
        IPAddress? gateway = null;
        int? outputIndex = null;
        List<int>? nextHops = null;
        IPAddress? preferredSource = null;
        foreach (var attribute in new AttributeReader(attributes))
        {
            switch (attribute.Type)
            {
                case RouteAttributeTypes.RTA_TABLE:
                    table = attribute.GetUInt32();
                    break;
                case RouteAttributeTypes.RTA_DST:
                    destination = IPAddressAttribute.Read(attribute, header.Family);
                    break;
                case RouteAttributeTypes.RTA_GATEWAY:
                    gateway = IPAddressAttribute.Read(attribute, header.Family);
                    break;
                case RouteAttributeTypes.RTA_OIF:
                    outputIndex = attribute.GetInt32();
                    break;
                case RouteAttributeTypes.RTA_MULTIPATH:
                    // Every path counts, dead or carrier-down ones too (RTNH_F_DEAD, RTNH_F_LINKDOWN):
                    // the kernel keeps them in the route and uses them again when they come back.
                    nextHops ??= [];
                    foreach (var hop in new NextHopReader(attribute.Value))
                        nextHops.Add(hop.InterfaceIndex);
                    break;
                case RouteAttributeTypes.RTA_PREFSRC:
                    preferredSource = IPAddressAttribute.Read(attribute, header.Family);
                    break;
            }
        }

        return table == RouteAttributeTypes.RT_TABLE_MAIN
            ? new Route(destination, header.DestinationLength, gateway, outputIndex) { NextHopIndexes = nextHops ?? [], PreferredSource = preferredSource }
            : null;
    }
}
