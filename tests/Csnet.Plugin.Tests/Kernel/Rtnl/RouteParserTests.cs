using System.Net;
using System.Runtime.InteropServices;
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
    public void Parse_MultipathDefaultRoute_EveryNexthopIndexAndNoOutputIndex()
    {
        byte[] multipath = [.. NextHop(7, [192, 0, 2, 2]), .. NextHop(9, [198, 51, 100, 2])];
        var payload = Payload(new RtMessage { Family = AddressFamilies.AF_INET, Table = 254, Type = 1 }, (ref NetlinkWriter w) =>
        {
            w.WriteUInt32(RouteAttributeTypes.RTA_TABLE, 254);
            w.WriteBytes(RouteAttributeTypes.RTA_MULTIPATH, multipath);
        });

        var route = RouteParser.Parse(payload, AddressFamilies.AF_INET)!;

        Assert.Equal((null, 0, null, (int?)null), (route.Destination, route.PrefixLength, route.Gateway, route.OutputIndex));
        Assert.Equal([7, 9], route.NextHopIndexes);
        Assert.Equal([7, 9], route.OutputIndexes);
    }

    [Fact]
    public void Parse_MultipathNexthopWithoutAttributes_ReadsItsIndex()
    {
        // A device-only nexthop ("nexthop dev eth1") is a bare struct rtnexthop of 8 bytes.
        byte[] multipath = [.. NextHop(3, []), .. NextHop(4, [])];
        var payload = Payload(new RtMessage { Family = AddressFamilies.AF_INET6, Table = 254, Type = 1 }, (ref NetlinkWriter w) =>
            w.WriteBytes(RouteAttributeTypes.RTA_MULTIPATH, multipath));

        Assert.Equal([3, 4], RouteParser.Parse(payload, AddressFamilies.AF_INET6)!.OutputIndexes);
    }

    [Fact]
    public void Parse_SinglePathRoute_OutputIndexesIsTheOutputInterface()
    {
        var payload = Payload(new RtMessage { Family = AddressFamilies.AF_INET, Table = 254, Type = 1 }, static (ref NetlinkWriter w) =>
            w.WriteInt32(RouteAttributeTypes.RTA_OIF, 2));

        Assert.Equal([2], RouteParser.Parse(payload, AddressFamilies.AF_INET)!.OutputIndexes);
    }

    [Theory]
    [InlineData(new byte[] { 8, 0, 0, 0, 1, 0 })]              // shorter than struct rtnexthop
    [InlineData(new byte[] { 16, 0, 0, 0, 1, 0, 0, 0 })]       // claims more than there is
    [InlineData(new byte[] { 4, 0, 0, 0, 1, 0, 0, 0 })]        // claims less than its own header
    public void Parse_MalformedMultipath_ThrowsNetlinkFormatException(byte[] multipath)
    {
        var payload = Payload(new RtMessage { Family = AddressFamilies.AF_INET, Table = 254, Type = 1 }, (ref NetlinkWriter w) =>
            w.WriteBytes(RouteAttributeTypes.RTA_MULTIPATH, multipath));

        Assert.Throws<NetlinkFormatException>(() => RouteParser.Parse(payload, AddressFamilies.AF_INET));
    }

    [Fact]
    public void ParseDefault_PrefixRoute_SkippedFromTheHeaderAlone()
    {
        // Attributes no parser would accept: only a parser that never reads them returns null.
        var payload = Payload(new RtMessage { Family = AddressFamilies.AF_INET, DestinationLength = 24, Table = 254, Type = 1 }, static (ref NetlinkWriter _) => { });
        byte[] garbled = [.. payload, 0xff, 0xff];

        Assert.Null(RouteParser.ParseDefault(garbled, AddressFamilies.AF_INET));
        Assert.Throws<NetlinkFormatException>(() => RouteParser.Parse(garbled, AddressFamilies.AF_INET));
    }

    [Fact]
    public void ParseDefault_DefaultRoute_SameAsParse()
    {
        var payload = Payload(new RtMessage { Family = AddressFamilies.AF_INET, Table = 254, Type = 1 }, static (ref NetlinkWriter w) =>
            w.WriteInt32(RouteAttributeTypes.RTA_OIF, 2));

        Assert.Equal(RouteParser.Parse(payload, AddressFamilies.AF_INET), RouteParser.ParseDefault(payload, AddressFamilies.AF_INET));
    }

    [Fact]
    public void Parse_RandomMultipathBytes_ThrowsOnlyNetlinkFormatException()
    {
        var random = new Random(9);
        for (var i = 0; i < 20000; i++)
        {
            var multipath = new byte[random.Next(0, 40)];
            random.NextBytes(multipath);
            var payload = Payload(new RtMessage { Family = AddressFamilies.AF_INET, Table = 254, Type = 1 }, (ref NetlinkWriter w) =>
                w.WriteBytes(RouteAttributeTypes.RTA_MULTIPATH, multipath));
            try
            {
                RouteParser.Parse(payload, AddressFamilies.AF_INET);
            }
            catch (NetlinkFormatException)
            {
            }
        }
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

    // struct rtnexthop and, for a gateway, its RTA_GATEWAY, in host byte order as the kernel sends them.
    private static byte[] NextHop(int index, byte[] gateway)
    {
        var attributeLength = gateway.Length == 0 ? 0 : 4 + gateway.Length;
        var hop = new byte[8 + attributeLength];
        MemoryMarshal.Write(hop, new RtNextHop { Length = (ushort)hop.Length, InterfaceIndex = index });
        if (gateway.Length > 0)
        {
            MemoryMarshal.Write(hop.AsSpan(8), (ushort)attributeLength);
            MemoryMarshal.Write(hop.AsSpan(10), RouteAttributeTypes.RTA_GATEWAY);
            gateway.CopyTo(hop, 12);
        }
        return hop;
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
