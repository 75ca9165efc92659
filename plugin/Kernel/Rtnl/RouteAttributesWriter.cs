using System.Net.Sockets;
using Csnet.Plugin.Kernel.Netlink;

namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>Writes the body of RTM_NEWROUTE / RTM_DELROUTE for a route of the main table.</summary>
internal static class RouteAttributesWriter
{
    /// <summary>
    /// struct rtmsg then RTA_DST, RTA_GATEWAY, RTA_PREFSRC and RTA_OIF, each only when set. A route
    /// without gateway is on-link: IPv4 marks that as scope link (as `ip route add … dev X` does);
    /// IPv6 routes are always scope universe.
    /// </summary>
    public static void WriteRoute(ref NetlinkWriter writer, Route route)
    {
        var address = route.Destination ?? route.Gateway
            ?? throw new ArgumentException("a route needs a destination or a gateway", nameof(route));
        var family = AddressFamilies.ToLinux(address.AddressFamily);
        var maxPrefix = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (route.PrefixLength < 0 || route.PrefixLength > maxPrefix)
        {
            throw new ArgumentOutOfRangeException(nameof(route), route.PrefixLength, $"prefix length must be from 0 to {maxPrefix}");
        }

        var scope = route.Gateway is null && family == AddressFamilies.AF_INET
            ? RouteAttributeTypes.RT_SCOPE_LINK
            : RouteAttributeTypes.RT_SCOPE_UNIVERSE;
        writer.WriteFixed(new RtMessage
        {
            Family = family,
            DestinationLength = (byte)route.PrefixLength,
            Table = RouteAttributeTypes.RT_TABLE_MAIN,
            Protocol = RouteAttributeTypes.RTPROT_STATIC,
            Scope = scope,
            Type = RouteAttributeTypes.RTN_UNICAST,
        });
        if (route.Destination is { } destination)
        {
            writer.WriteBytes(RouteAttributeTypes.RTA_DST, Bytes(destination, family));
        }

        if (route.Gateway is { } gateway)
        {
            writer.WriteBytes(RouteAttributeTypes.RTA_GATEWAY, Bytes(gateway, family));
        }

        if (route.PreferredSource is { } source)
        {
            writer.WriteBytes(RouteAttributeTypes.RTA_PREFSRC, Bytes(source, family));
        }

        if (route.OutputIndex is { } index)
        {
            writer.WriteUInt32(RouteAttributeTypes.RTA_OIF, (uint)index);
        }
    }

    private static byte[] Bytes(System.Net.IPAddress address, byte family) =>
        AddressFamilies.ToLinux(address.AddressFamily) == family
            ? address.GetAddressBytes()
            : throw new ArgumentException($"{address} is not of the route's address family", nameof(address));
}
