using System.Net.NetworkInformation;
using Csnet.Plugin.Kernel.Netlink;
using Csnet.Plugin.Kernel.Rtnl;
using Xunit;

namespace Csnet.Plugin.Tests.Kernel.Rtnl;

// Whole RTM_NEWLINK requests as RtnlClient.AddLink sends them (sequence 1, port 0), byte for byte.
public sealed class LinkAttributesWriterTests
{
    private const ushort NewLinkFlags = NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_ACK | NetlinkFlags.NLM_F_CREATE | NetlinkFlags.NLM_F_EXCL;

    [Fact]
    public void WriteNewLink_UpBridgeWithMtuAndVlanFiltering_MatchesFixture()
    {
        var bridge = new BridgeLink { Name = "br0", Mtu = 1500, IsUp = true, VlanFiltering = true };

        Assert.Equal(
            "4C000000" + "1000" + "0506" + "01000000" + "00000000" + // nlmsghdr: 76 bytes, RTM_NEWLINK
            "00000000" + "00000000" + "01000000" + "01000000" +       // ifinfomsg: IFF_UP set and changed
            "08000300" + "62723000" +                                 // IFLA_IFNAME "br0"
            "08000400" + "DC050000" +                                 // IFLA_MTU 1500
            "1C001200" +                                              // IFLA_LINKINFO
            "0B000100" + "62726964676500" + "00" +                    //   IFLA_INFO_KIND "bridge"
            "0C000200" +                                              //   IFLA_INFO_DATA
            "05000700" + "01000000",                                  //     IFLA_BR_VLAN_FILTERING 1
            Encode(bridge));
    }

    [Fact]
    public void WriteNewLink_BridgeWithKernelDefaults_SendsNoInfoData()
    {
        var bridge = new BridgeLink { Name = "br0" };

        Assert.Equal(
            "38000000" + "1000" + "0506" + "01000000" + "00000000" +
            "00000000" + "00000000" + "00000000" + "00000000" +
            "08000300" + "62723000" +
            "10001200" +
            "0B000100" + "62726964676500" + "00",
            Encode(bridge));
    }

    [Fact]
    public void WriteNewLink_VethWithPeer_NestsPeerIfinfomsgAndAttributes()
    {
        var veth = new VethLink { Name = "veth0", PeerName = "veth1", Mtu = 1400 };

        Assert.Equal(
            "70000000" + "1000" + "0506" + "01000000" + "00000000" + // nlmsghdr: 112 bytes
            "00000000" + "00000000" + "00000000" + "00000000" +       // ifinfomsg
            "0A000300" + "7665746830000000" +                         // IFLA_IFNAME "veth0"
            "08000400" + "78050000" +                                 // IFLA_MTU 1400
            "3C001200" +                                              // IFLA_LINKINFO
            "09000100" + "7665746800000000" +                         //   IFLA_INFO_KIND "veth"
            "2C000200" +                                              //   IFLA_INFO_DATA
            "28000100" +                                              //     VETH_INFO_PEER
            "00000000" + "00000000" + "00000000" + "00000000" +       //       ifinfomsg of the peer
            "0A000300" + "7665746831000000" +                         //       IFLA_IFNAME "veth1"
            "08000400" + "78050000",                                  //       IFLA_MTU 1400 (from Mtu)
            Encode(veth));
    }

    [Fact]
    public void WriteNewLink_VethWithMacMasterAndPeerSettings_WritesEachOnce()
    {
        var veth = new VethLink
        {
            Name = "a",
            PeerName = "b",
            MacAddress = PhysicalAddress.Parse("02-00-00-00-00-01"),
            MasterIndex = 7,
            PeerMtu = 1280,
            PeerMacAddress = PhysicalAddress.Parse("02-00-00-00-00-02"),
        };

        Assert.Equal(
            "80000000" + "1000" + "0506" + "01000000" + "00000000" + // nlmsghdr: 128 bytes
            "00000000" + "00000000" + "00000000" + "00000000" +
            "06000300" + "61000000" +                                 // IFLA_IFNAME "a"
            "0A000100" + "020000000001" + "0000" +                    // IFLA_ADDRESS
            "08000A00" + "07000000" +                                 // IFLA_MASTER 7
            "44001200" +
            "09000100" + "7665746800000000" +
            "34000200" +
            "30000100" +
            "00000000" + "00000000" + "00000000" + "00000000" +
            "06000300" + "62000000" +                                 // IFLA_IFNAME "b"
            "08000400" + "00050000" +                                 // IFLA_MTU 1280
            "0A000100" + "020000000002" + "0000",                     // IFLA_ADDRESS of the peer
            Encode(veth));
    }

    [Fact]
    public void WriteNewLink_MacvlanWithMode_WritesParentBeforeLinkInfo()
    {
        var macvlan = new MacvlanLink { Name = "mv0", ParentIndex = 3, Mode = MacvlanMode.Bridge };

        Assert.Equal(
            "4C000000" + "1000" + "0506" + "01000000" + "00000000" +
            "00000000" + "00000000" + "00000000" + "00000000" +
            "08000300" + "6D763000" +                                 // IFLA_IFNAME "mv0"
            "08000500" + "03000000" +                                 // IFLA_LINK 3 (the parent)
            "1C001200" +
            "0C000100" + "6D6163766C616E00" +                         //   IFLA_INFO_KIND "macvlan"
            "0C000200" +
            "08000100" + "04000000",                                  //     IFLA_MACVLAN_MODE bridge
            Encode(macvlan));
    }

    [Fact]
    public void WriteNewLink_UpVlanOnLowerDevice_MatchesFixture()
    {
        var vlan = new VlanLink { Name = "eth0.10", ParentIndex = 2, VlanId = 10, IsUp = true };

        Assert.Equal(
            "50000000" + "1000" + "0506" + "01000000" + "00000000" + // nlmsghdr: 80 bytes, RTM_NEWLINK
            "00000000" + "00000000" + "01000000" + "01000000" +       // ifinfomsg: IFF_UP set and changed
            "0C000300" + "657468302E313000" +                         // IFLA_IFNAME "eth0.10"
            "08000500" + "02000000" +                                 // IFLA_LINK 2 (the lower device)
            "1C001200" +                                              // IFLA_LINKINFO
            "09000100" + "766C616E00" + "000000" +                    //   IFLA_INFO_KIND "vlan"
            "0C000200" +                                              //   IFLA_INFO_DATA
            "06000100" + "0A00" + "0000",                             //     IFLA_VLAN_ID 10 (u16, padded)
            Encode(vlan));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4095)]
    public void WriteNewLink_VlanIdOutOfRange_Throws(int id)
    {
        Assert.Throws<ArgumentException>(() => Encode(new VlanLink { Name = "eth0.x", ParentIndex = 2, VlanId = id }));
    }

    [Fact]
    public void WriteNewLink_VlanWithoutLowerDevice_Throws()
    {
        Assert.Throws<ArgumentException>(() => Encode(new VlanLink { Name = "eth0.10", VlanId = 10 }));
    }

    [Fact]
    public void WriteNewLink_MacvlanWithoutParent_Throws()
    {
        Assert.Throws<ArgumentException>(() => Encode(new MacvlanLink { Name = "mv0" }));
    }

    [Fact]
    public void WriteNewLink_VethWithoutPeerName_Throws()
    {
        Assert.Throws<ArgumentException>(() => Encode(new VethLink { Name = "veth0" }));
    }

    [Fact]
    public void WriteNewLink_KindWithoutCodec_WritesOnlyTheKind()
    {
        var dummy = new OtherLink("dummy") { Name = "d0" };

        Assert.EndsWith("10001200" + "0A000100" + "64756D6D7900" + "0000", Encode(dummy));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sixteen-chars-xx")]
    [InlineData("a/b")]
    [InlineData("a b")]
    public void ValidateName_Invalid_ThrowsArgumentException(string name)
    {
        Assert.Throws<ArgumentException>(() => LinkAttributesWriter.ValidateName(name));
    }

    [Fact]
    public void WriteNewLink_WithGroup_SendsIflaGroupBeforeLinkInfo()
    {
        var bridge = new BridgeLink { Name = "br0", Group = 0x2a };

        Assert.Equal(
            "40000000" + "1000" + "0506" + "01000000" + "00000000" +
            "00000000" + "00000000" + "00000000" + "00000000" +
            "08000300" + "62723000" +
            "08001B00" + "2A000000" +                                 // IFLA_GROUP 42
            "10001200" +
            "0B000100" + "62726964676500" + "00",
            Encode(bridge));
    }

    private static string Encode(Link link)
    {
        var writer = new NetlinkWriter();
        try
        {
            writer.BeginMessage(16, NetlinkFlags.NLM_F_CREATE | NetlinkFlags.NLM_F_EXCL);
            LinkAttributesWriter.WriteNewLink(ref writer, link);
            writer.EndMessage();
            writer.StampHeader(1, 0);
            writer.AddFlags(NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_ACK);
            Assert.Equal(NewLinkFlags, BitConverter.ToUInt16(writer.WrittenSpan[6..8]));
            return Convert.ToHexString(writer.WrittenSpan);
        }
        finally
        {
            writer.Dispose();
        }
    }
}
