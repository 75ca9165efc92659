using System.Net;
using Csnet.Plugin.Kernel.Netlink;
using Csnet.Plugin.Kernel.Rtnl;
using Xunit;

namespace Csnet.Plugin.Tests.Kernel.Rtnl;

public sealed class RouteParserTests
{
    private delegate void Build(ref NetlinkWriter writer);

    [Fact]
    public void Parse_DefaultRouteViaGateway_HasNullDestination()
    {
        var payload = Payload(new RtMessage { Family = AddressFamilies.AF_INET, Table = 254, Type = 1 }, static (ref NetlinkWriter w) =>
        {
            w.WriteUInt32(RouteAttributeTypes.RTA_TABLE, 254);
            w.WriteBytes(RouteAttributeTypes.RTA_GATEWAY, [192, 168, 1, 1]);
            w.WriteInt32(RouteAttributeTypes.RTA_OIF, 2);
        });

        Assert.Equal(new Route(null, 0, IPAddress.Parse("192.168.1.1"), 2), RouteParser.Parse(payload, AddressFamilies.AF_INET));
    }

    [Fact]
    public void Parse_ConnectedIpv6Route_ReadsDestinationAndPrefix()
    {
        var payload = Payload(new RtMessage { Family = AddressFamilies.AF_INET6, DestinationLength = 64, Table = 254, Type = 1 }, static (ref NetlinkWriter w) =>
        {
            w.WriteBytes(RouteAttributeTypes.RTA_DST, IPAddress.Parse("fd00:1::").GetAddressBytes());
            w.WriteInt32(RouteAttributeTypes.RTA_OIF, 5);
        });

        Assert.Equal(new Route(IPAddress.Parse("fd00:1::"), 64, null, 5), RouteParser.Parse(payload, AddressFamilies.AF_INET6));
    }

    [Fact]
    public void Parse_HostRouteWithPreferredSource_ReadsTheSource()
    {
        var payload = Payload(new RtMessage { Family = AddressFamilies.AF_INET, DestinationLength = 32, Table = 254, Type = 1 }, static (ref NetlinkWriter w) =>
        {
            w.WriteBytes(RouteAttributeTypes.RTA_DST, [10, 40, 1, 5]);
            w.WriteBytes(RouteAttributeTypes.RTA_PREFSRC, [10, 40, 1, 250]);
            w.WriteInt32(RouteAttributeTypes.RTA_OIF, 7);
        });

        Assert.Equal(new Route(IPAddress.Parse("10.40.1.5"), 32, null, 7) { PreferredSource = IPAddress.Parse("10.40.1.250") },
            RouteParser.Parse(payload, AddressFamilies.AF_INET));
    }

    [Fact]
    public void Parse_RtaTableOverridesEightBitTable_SkipsOtherTables()
    {
        var payload = Payload(new RtMessage { Family = AddressFamilies.AF_INET, Table = 254, Type = 1 }, static (ref NetlinkWriter w) =>
            w.WriteUInt32(RouteAttributeTypes.RTA_TABLE, 1000));

        Assert.Null(RouteParser.Parse(payload, AddressFamilies.AF_INET));
    }

    [Theory]
    [InlineData(2)] // RTN_LOCAL
    [InlineData(3)] // RTN_BROADCAST
    public void Parse_NotUnicast_ReturnsNull(byte type)
    {
        var payload = Payload(new RtMessage { Family = AddressFamilies.AF_INET, Table = 254, Type = type }, static (ref NetlinkWriter _) => { });

        Assert.Null(RouteParser.Parse(payload, AddressFamilies.AF_INET));
    }

    [Fact]
    public void Parse_RandomBytes_ThrowsOnlyNetlinkFormatException()
    {
        var random = new Random(254);
        for (var i = 0; i < 20000; i++)
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            if (bytes.Length >= 12)
            {
                bytes[0] = AddressFamilies.AF_INET;
                bytes[4] = 254;
                bytes[7] = 1;
            }

            try
            {
                RouteParser.Parse(bytes, AddressFamilies.AF_INET);
            }
            catch (NetlinkFormatException)
            {
            }
        }
    }

    private static byte[] Payload(RtMessage header, Build attributes)
    {
        var writer = new NetlinkWriter();
        try
        {
            writer.WriteFixed(header);
            attributes(ref writer);
            return writer.WrittenSpan.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }
}
