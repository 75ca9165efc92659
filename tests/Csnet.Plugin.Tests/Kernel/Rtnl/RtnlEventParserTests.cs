using System.Net.Sockets;
using Csnet.Plugin.Kernel.Netlink;
using Csnet.Plugin.Kernel.Rtnl;
using Xunit;

namespace Csnet.Plugin.Tests.Kernel.Rtnl;

public sealed class RtnlEventParserTests
{
    private delegate void Build(ref NetlinkWriter writer);

    [Theory]
    [InlineData(RtnlMessageTypes.RTM_NEWROUTE, AddressFamilies.AF_INET, false)]
    [InlineData(RtnlMessageTypes.RTM_DELROUTE, AddressFamilies.AF_INET6, true)]
    public void Parse_DefaultRoute_DefaultRouteEventOfItsFamily(ushort type, byte family, bool deleted)
    {
        var events = Parse(RouteMessage(type, new RtMessage { Family = family, Table = 254, Type = 1 }));

        var expected = family == AddressFamilies.AF_INET ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
        Assert.Equal([new DefaultRouteEvent(expected, deleted)], events);
    }

    [Fact]
    public void Parse_PrefixRoute_IgnoredFromTheHeaderAlone()
    {
        // The attributes are garbage: only a parser that never reads them for a prefix route passes.
        var message = RouteMessage(RtnlMessageTypes.RTM_NEWROUTE,
            new RtMessage { Family = AddressFamilies.AF_INET, DestinationLength = 24, Table = 254, Type = 1 },
            static (ref NetlinkWriter w) => w.WriteBytes(RouteAttributeTypes.RTA_MULTIPATH, [1, 2, 3]));

        Assert.Empty(Parse(message));
    }

    [Theory]
    [InlineData((byte)2)] // RTN_LOCAL
    [InlineData((byte)7)] // RTN_UNREACHABLE: holds no interface, so it is no uplink
    public void Parse_DefaultRouteNotUnicast_Ignored(byte routeType)
    {
        Assert.Empty(Parse(RouteMessage(RtnlMessageTypes.RTM_NEWROUTE, new RtMessage { Family = AddressFamilies.AF_INET, Table = 254, Type = routeType })));
    }

    [Fact]
    public void Parse_DeletedTaggedBridge_LinkEventWithItsAlias()
    {
        var events = Parse(LinkMessage(RtnlMessageTypes.RTM_DELLINK, 12, "csbr-0123456789", "csnet:0123456789ab", "bridge"));

        var link = Assert.IsType<LinkEvent>(Assert.Single(events));
        Assert.True(link.Deleted);
        Assert.Equal(("csbr-0123456789", 12, "csnet:0123456789ab"), (link.Link.Name, link.Link.Index, link.Link.Alias));
        Assert.IsType<BridgeLink>(link.Link);
    }

    [Fact]
    public void Parse_NewLink_NotDeleted()
    {
        var link = Assert.IsType<LinkEvent>(Assert.Single(Parse(LinkMessage(RtnlMessageTypes.RTM_NEWLINK, 3, "eth0", null, "veth"))));

        Assert.False(link.Deleted);
    }

    [Fact]
    public void Parse_SeveralMessagesInOneDatagram_EveryEventInOrder()
    {
        byte[] datagram =
        [
            .. RouteMessage(RtnlMessageTypes.RTM_NEWROUTE, new RtMessage { Family = AddressFamilies.AF_INET, DestinationLength = 16, Table = 254, Type = 1 }),
            .. LinkMessage(RtnlMessageTypes.RTM_DELLINK, 5, "up-a", null, "veth"),
            .. RouteMessage(RtnlMessageTypes.RTM_DELROUTE, new RtMessage { Family = AddressFamilies.AF_INET, Table = 254, Type = 1 }),
        ];

        var events = Parse(datagram);

        Assert.Equal(2, events.Count);
        Assert.IsType<LinkEvent>(events[0]);
        Assert.Equal(new DefaultRouteEvent(AddressFamily.InterNetwork, Deleted: true), events[1]);
    }

    [Fact]
    public void Parse_OtherMessageTypes_Ignored()
    {
        var writer = new NetlinkWriter();
        try
        {
            writer.BeginMessage(RtnlMessageTypes.RTM_NEWADDR, 0);
            writer.WriteFixed(new IfAddrMessage());
            writer.EndMessage();
            Assert.Empty(Parse(writer.WrittenSpan.ToArray()));
        }
        finally
        {
            writer.Dispose();
        }
    }

    [Fact]
    public void Parse_RandomBytes_ThrowsOnlyNetlinkFormatException()
    {
        var random = new Random(17);
        var template = RouteMessage(RtnlMessageTypes.RTM_NEWROUTE, new RtMessage { Family = AddressFamilies.AF_INET, Table = 254, Type = 1 });
        for (var i = 0; i < 20000; i++)
        {
            var bytes = new byte[random.Next(0, 80)];
            random.NextBytes(bytes);
            if (bytes.Length >= 16 && random.Next(2) == 0)
            {
                // A plausible header now and then, so the payload parsers are reached too.
                template.AsSpan(0, 16).CopyTo(bytes);
                BitConverter.TryWriteBytes(bytes, (uint)bytes.Length);
                bytes[4] = (byte)(random.Next(2) == 0 ? RtnlMessageTypes.RTM_DELLINK : RtnlMessageTypes.RTM_DELROUTE);
                bytes[5] = 0;
            }

            try
            {
                Parse(bytes);
            }
            catch (NetlinkFormatException)
            {
            }
        }
    }

    private static List<RtnlEvent> Parse(byte[] datagram)
    {
        var events = new List<RtnlEvent>();
        RtnlEventParser.Parse(datagram, events);
        return events;
    }

    private static byte[] RouteMessage(ushort type, RtMessage header, Build? attributes = null) => Message(type, (ref NetlinkWriter w) =>
    {
        w.WriteFixed(header);
        attributes?.Invoke(ref w);
    });

    private static byte[] LinkMessage(ushort type, int index, string name, string? alias, string kind) => Message(type, (ref NetlinkWriter w) =>
    {
        w.WriteFixed(new IfInfoMessage { Index = index });
        w.WriteString(LinkAttributeTypes.IFLA_IFNAME, name);
        if (alias is not null)
            w.WriteString(LinkAttributeTypes.IFLA_IFALIAS, alias);
        var info = w.BeginNested(LinkAttributeTypes.IFLA_LINKINFO);
        w.WriteString(LinkAttributeTypes.IFLA_INFO_KIND, kind);
        w.EndNested(info);
    });

    private static byte[] Message(ushort type, Build body)
    {
        var writer = new NetlinkWriter();
        try
        {
            writer.BeginMessage(type, 0);
            body(ref writer);
            writer.EndMessage();
            return writer.WrittenSpan.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }
}
