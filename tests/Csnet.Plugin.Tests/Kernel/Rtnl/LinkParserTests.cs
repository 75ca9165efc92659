using System.Net.NetworkInformation;
using Csnet.Plugin.Kernel.Netlink;
using Csnet.Plugin.Kernel.Rtnl;
using Xunit;

namespace Csnet.Plugin.Tests.Kernel.Rtnl;

public sealed class LinkParserTests
{
    private delegate void Build(ref NetlinkWriter writer);

    [Fact]
    public void Parse_BridgeReply_ReturnsBridgeLinkWithCommonSettings()
    {
        var payload = Payload(index: 4, flags: 0x1003, static (ref NetlinkWriter w) =>
        {
            w.WriteString(LinkAttributeTypes.IFLA_IFNAME, "br-abc");
            w.WriteUInt32(LinkAttributeTypes.IFLA_MTU, 1450);
            w.WriteBytes(LinkAttributeTypes.IFLA_ADDRESS, [2, 0x42, 0xac, 0x11, 0, 1]);
            w.WriteUInt32(LinkAttributeTypes.IFLA_MASTER, 9);
            w.WriteString(LinkAttributeTypes.IFLA_IFALIAS, "csnet:n1");
            var info = w.BeginNested(LinkAttributeTypes.IFLA_LINKINFO);
            w.WriteString(LinkAttributeTypes.IFLA_INFO_KIND, "bridge");
            var data = w.BeginNested(LinkAttributeTypes.IFLA_INFO_DATA);
            w.WriteUInt32(1, 1500);
            w.WriteUInt8(7, 0);
            w.EndNested(data);
            w.EndNested(info);
        });

        var link = LinkParser.Parse(payload);

        Assert.Equal(
            new BridgeLink
            {
                Name = "br-abc",
                Index = 4,
                Mtu = 1450,
                MacAddress = PhysicalAddress.Parse("02-42-AC-11-00-01"),
                MasterIndex = 9,
                IsUp = true,
                Alias = "csnet:n1",
                VlanFiltering = false,
            },
            link);
    }

    [Fact]
    public void Parse_VethReply_ReturnsVethLink()
    {
        var payload = Payload(index: 5, flags: 0, static (ref NetlinkWriter w) =>
        {
            w.WriteString(LinkAttributeTypes.IFLA_IFNAME, "veth0");
            var info = w.BeginNested(LinkAttributeTypes.IFLA_LINKINFO);
            w.WriteString(LinkAttributeTypes.IFLA_INFO_KIND, "veth");
            w.EndNested(info);
        });

        var link = Assert.IsType<VethLink>(LinkParser.Parse(payload));
        Assert.Equal("veth0", link.Name);
        Assert.False(link.IsUp);
        Assert.Null(link.Alias);
    }

    [Fact]
    public void Parse_VethReplyWithIflaLink_SetsPeerIndex()
    {
        var payload = Payload(index: 5, flags: 0, static (ref NetlinkWriter w) =>
        {
            w.WriteString(LinkAttributeTypes.IFLA_IFNAME, "veth0");
            w.WriteInt32(LinkAttributeTypes.IFLA_LINK, 6);
            var info = w.BeginNested(LinkAttributeTypes.IFLA_LINKINFO);
            w.WriteString(LinkAttributeTypes.IFLA_INFO_KIND, "veth");
            w.EndNested(info);
        });

        Assert.Equal(6, Assert.IsType<VethLink>(LinkParser.Parse(payload)).PeerIndex);
    }

    [Fact]
    public void Parse_MacvlanReply_ReturnsParentAndMode()
    {
        var payload = Payload(index: 7, flags: 0, static (ref NetlinkWriter w) =>
        {
            w.WriteString(LinkAttributeTypes.IFLA_IFNAME, "mv0");
            w.WriteInt32(LinkAttributeTypes.IFLA_LINK, 2);
            var info = w.BeginNested(LinkAttributeTypes.IFLA_LINKINFO);
            w.WriteString(LinkAttributeTypes.IFLA_INFO_KIND, "macvlan");
            var data = w.BeginNested(LinkAttributeTypes.IFLA_INFO_DATA);
            w.WriteUInt32(1, 8);
            w.EndNested(data);
            w.EndNested(info);
        });

        var macvlan = Assert.IsType<MacvlanLink>(LinkParser.Parse(payload));
        Assert.Equal(2, macvlan.ParentIndex);
        Assert.Equal(MacvlanMode.Passthru, macvlan.Mode);
    }

    [Fact]
    public void Parse_VlanReply_ReturnsLowerDeviceAndId()
    {
        var payload = Payload(index: 8, flags: 0, static (ref NetlinkWriter w) =>
        {
            w.WriteString(LinkAttributeTypes.IFLA_IFNAME, "eth0.10");
            w.WriteInt32(LinkAttributeTypes.IFLA_LINK, 2);
            var info = w.BeginNested(LinkAttributeTypes.IFLA_LINKINFO);
            w.WriteString(LinkAttributeTypes.IFLA_INFO_KIND, "vlan");
            var data = w.BeginNested(LinkAttributeTypes.IFLA_INFO_DATA);
            w.WriteUInt16(1, 10);
            w.EndNested(data);
            w.EndNested(info);
        });

        var vlan = Assert.IsType<VlanLink>(LinkParser.Parse(payload));
        Assert.Equal((2, 10), (vlan.ParentIndex, vlan.VlanId));
    }

    [Fact]
    public void Parse_NoLinkInfo_ReturnsOtherLinkWithEmptyKind()
    {
        var payload = Payload(index: 1, flags: 0x9, static (ref NetlinkWriter w) => w.WriteString(LinkAttributeTypes.IFLA_IFNAME, "lo"));

        var link = Assert.IsType<OtherLink>(LinkParser.Parse(payload));
        Assert.Equal(string.Empty, link.Kind);
        Assert.Equal("lo", link.Name);
    }

    [Fact]
    public void Parse_UnknownKind_ReturnsOtherLinkWithThatKind()
    {
        var payload = Payload(index: 3, flags: 0, static (ref NetlinkWriter w) =>
        {
            w.WriteString(LinkAttributeTypes.IFLA_IFNAME, "vx0");
            var info = w.BeginNested(LinkAttributeTypes.IFLA_LINKINFO);
            w.WriteString(LinkAttributeTypes.IFLA_INFO_KIND, "vxlan");
            w.EndNested(info);
        });

        Assert.Equal("vxlan", LinkParser.Parse(payload).Kind);
    }

    [Fact]
    public void Parse_NoName_ThrowsNetlinkFormatException()
    {
        var payload = Payload(index: 3, flags: 0, static (ref NetlinkWriter w) => w.WriteUInt32(LinkAttributeTypes.IFLA_MTU, 1500));

        Assert.Throws<NetlinkFormatException>(() => LinkParser.Parse(payload));
    }

    [Fact]
    public void Parse_RandomBytes_ThrowsOnlyNetlinkFormatException()
    {
        var random = new Random(6);
        var valid = Payload(index: 2, flags: 1, static (ref NetlinkWriter w) =>
        {
            w.WriteString(LinkAttributeTypes.IFLA_IFNAME, "br0");
            var info = w.BeginNested(LinkAttributeTypes.IFLA_LINKINFO);
            w.WriteString(LinkAttributeTypes.IFLA_INFO_KIND, "bridge");
            var data = w.BeginNested(LinkAttributeTypes.IFLA_INFO_DATA);
            w.WriteUInt8(7, 1);
            w.EndNested(data);
            w.EndNested(info);
        });

        for (var i = 0; i < 20000; i++)
        {
            // Half pure noise, half a valid reply with a few bytes flipped.
            byte[] bytes;
            if (random.Next(2) == 0)
            {
                bytes = new byte[random.Next(0, 80)];
                random.NextBytes(bytes);
            }
            else
            {
                bytes = (byte[])valid.Clone();
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }
            }

            try
            {
                LinkParser.Parse(bytes);
            }
            catch (NetlinkFormatException)
            {
            }
        }
    }

    [Theory]
    [InlineData(0u, null)]
    [InlineData(7u, 7u)]
    public void Parse_IflaGroup_DefaultGroupReadsAsNull(uint reported, uint? expected)
    {
        var payload = Payload(index: 6, flags: 0, (ref NetlinkWriter w) =>
        {
            w.WriteString(LinkAttributeTypes.IFLA_IFNAME, "veth9");
            w.WriteUInt32(LinkAttributeTypes.IFLA_GROUP, reported);
        });

        Assert.Equal(expected, LinkParser.Parse(payload).Group);
    }

    private static byte[] Payload(int index, uint flags, Build attributes)
    {
        var writer = new NetlinkWriter();
        try
        {
            writer.WriteFixed(new IfInfoMessage { Index = index, Flags = flags });
            attributes(ref writer);
            return writer.WrittenSpan.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }
}
