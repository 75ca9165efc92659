using Csnet.Plugin.Kernel.Netlink;
using Xunit;

namespace Csnet.Plugin.Tests.Kernel.Netlink;

public sealed class NetlinkErrorMessageTests
{
    private const ushort Capped = NetlinkFlags.NLM_F_CAPPED;
    private const ushort CappedWithTlvs = NetlinkFlags.NLM_F_CAPPED | NetlinkFlags.NLM_F_ACK_TLVS;

    [Fact]
    public void ParseError_Ack_ReturnsZero()
    {
        var payload = Convert.FromHexString("00000000" + "20000000100005060100000000000000");

        Assert.Equal(0, NetlinkErrorMessage.ParseError(payload, Capped, out var text));
        Assert.Null(text);
    }

    [Fact]
    public void ParseError_CappedWithExtendedAck_ReturnsErrnoAndKernelMessage()
    {
        // error -22, the capped request header, NLMSGERR_ATTR_MSG "Invalid MTU".
        var payload = Convert.FromHexString(
            "EAFFFFFF" + "20000000130005000100000000000000" + "10000100" + "496E76616C6964204D545500");

        Assert.Equal(22, NetlinkErrorMessage.ParseError(payload, CappedWithTlvs, out var text));
        Assert.Equal("Invalid MTU", text);
    }

    [Fact]
    public void ParseError_NotCapped_SkipsTheEchoedRequestBeforeTheAttributes()
    {
        // error -17; the echoed request is 20 bytes (header + 4 payload bytes), then the message.
        var payload = Convert.FromHexString(
            "EFFFFFFF" + "14000000100005060100000000000000" + "01020304" + "0B000100" + "65786973747300" + "00");

        Assert.Equal(17, NetlinkErrorMessage.ParseError(payload, NetlinkFlags.NLM_F_ACK_TLVS, out var text));
        Assert.Equal("exists", text);
    }

    [Fact]
    public void ParseError_TooShort_ThrowsNetlinkFormatException()
    {
        Assert.Throws<NetlinkFormatException>(() => NetlinkErrorMessage.ParseError(new byte[8], Capped, out _));
    }

    [Fact]
    public void ParseDone_ErrorWithMessage_ReturnsBoth()
    {
        var payload = Convert.FromHexString("F9FFFFFF" + "08000100" + "6E6F7000");

        Assert.Equal(7, NetlinkErrorMessage.ParseDone(payload, NetlinkFlags.NLM_F_ACK_TLVS, out var text));
        Assert.Equal("nop", text);
    }

    [Fact]
    public void ParseDone_EmptyPayload_IsSuccess()
    {
        Assert.Equal(0, NetlinkErrorMessage.ParseDone([], 0, out var text));
        Assert.Null(text);
    }

    [Fact]
    public void ParseError_RandomBytes_ThrowsOnlyNetlinkFormatException()
    {
        var random = new Random(17);
        for (var i = 0; i < 20000; i++)
        {
            var bytes = new byte[random.Next(0, 80)];
            random.NextBytes(bytes);
            try
            {
                NetlinkErrorMessage.ParseError(bytes, (ushort)random.Next(0, 0x400), out _);
                NetlinkErrorMessage.ParseDone(bytes, (ushort)random.Next(0, 0x400), out _);
            }
            catch (NetlinkFormatException)
            {
            }
        }
    }
}
