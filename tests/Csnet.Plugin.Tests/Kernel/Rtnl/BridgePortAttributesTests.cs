using Csnet.Plugin.Kernel.Netlink;
using Csnet.Plugin.Kernel.Rtnl;
using Xunit;

namespace Csnet.Plugin.Tests.Kernel.Rtnl;

public sealed class BridgePortAttributesTests
{
    // The whole RTM_SETLINK as RtnlClient.SetBridgePortHairpin sends it (sequence 1, port 0), byte for byte.
    [Theory]
    [InlineData(true, "01")]
    [InlineData(false, "00")]
    public void WriteSetHairpin_Port7_MatchesFixture(bool enabled, string mode)
    {
        Assert.Equal(
            "2C000000" + "1300" + "0500" + "01000000" + "00000000" + // nlmsghdr: 44 bytes, RTM_SETLINK, REQUEST | ACK
            "07000000" + "07000000" + "00000000" + "00000000" +       // ifinfomsg: AF_BRIDGE, ifindex 7
            "0C000C80" +                                              // IFLA_PROTINFO | NLA_F_NESTED
            "05000400" + mode + "000000",                             //   IFLA_BRPORT_MODE (u8)
            EncodeSetHairpin(7, enabled));
    }

    [Fact]
    public void WriteSetHairpin_IndexZero_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EncodeSetHairpin(0, true));
    }

    [Theory]
    [InlineData("01000000", true)]
    [InlineData("00000000", false)]
    public void TryReadPort_BridgeSlaveReply_ReturnsIndexAndHairpin(string mode, bool expected)
    {
        var payload = Convert.FromHexString(
            "00000100" + "06000000" + "00000000" + "00000000" + // ifinfomsg: ARPHRD_ETHER, ifindex 6
            "0A000300" + "7665746830000000" +                   // IFLA_IFNAME "veth0"
            "30001200" +                                        // IFLA_LINKINFO
            "09000100" + "7665746800000000" +                   //   IFLA_INFO_KIND "veth"
            "0B000400" + "6272696467650000" +                   //   IFLA_INFO_SLAVE_KIND "bridge"
            "14000580" +                                        //   IFLA_INFO_SLAVE_DATA | NLA_F_NESTED
            "05000100" + "03000000" +                           //     IFLA_BRPORT_STATE forwarding
            "05000400" + mode);                                 //     IFLA_BRPORT_MODE

        Assert.True(BridgePortAttributes.TryReadPort(payload, out var index, out var hairpin));
        Assert.Equal(6, index);
        Assert.Equal(expected, hairpin);
    }

    [Fact]
    public void TryReadPort_BondSlaveReply_IsNotABridgePortAndIgnoresItsAttributes()
    {
        var payload = Convert.FromHexString(
            "00000100" + "06000000" + "00000000" + "00000000" +
            "0A000300" + "7665746830000000" +
            "28001200" +
            "09000100" + "7665746800000000" +
            "09000400" + "626F6E6400000000" +                   //   IFLA_INFO_SLAVE_KIND "bond"
            "0C000500" +
            "08000400" + "02000000");                           //     IFLA_BOND_SLAVE_LINK_FAILURE_COUNT (u32)

        Assert.False(BridgePortAttributes.TryReadPort(payload, out var index, out var hairpin));
        Assert.Equal(6, index);
        Assert.Null(hairpin);
    }

    [Fact]
    public void TryReadPort_LinkWithoutMaster_IsNotABridgePort()
    {
        var payload = Convert.FromHexString(
            "00000100" + "03000000" + "00000000" + "00000000" +
            "08000300" + "62723000" +                           // IFLA_IFNAME "br0"
            "10001200" +
            "0B000100" + "6272696467650000");                   //   IFLA_INFO_KIND "bridge"

        Assert.False(BridgePortAttributes.TryReadPort(payload, out _, out var hairpin));
        Assert.Null(hairpin);
    }

    private static string EncodeSetHairpin(int portIndex, bool enabled)
    {
        var writer = new NetlinkWriter();
        try
        {
            writer.BeginMessage(19, 0);
            BridgePortAttributes.WriteSetHairpin(ref writer, portIndex, enabled);
            writer.EndMessage();
            writer.StampHeader(1, 0);
            writer.AddFlags(NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_ACK);
            return Convert.ToHexString(writer.WrittenSpan);
        }
        finally
        {
            writer.Dispose();
        }
    }
}
