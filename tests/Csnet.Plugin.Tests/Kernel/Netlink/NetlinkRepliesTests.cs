using Csnet.Plugin.Kernel.Netlink;
using Xunit;
using Outcome = Csnet.Plugin.Kernel.Netlink.NetlinkReplies.Outcome;

namespace Csnet.Plugin.Tests.Kernel.Netlink;

// Recorded-style datagrams fed to the reply rules, as the kernel would send them to port 100.
public sealed class NetlinkRepliesTests
{
    private const uint Port = 100;
    private const uint Sequence = 7;
    private const ushort RTM_NEWLINK = 16;

    private const string Ack = "00000000" + "14000000100005000700000064000000";

    [Fact]
    public void ProcessAck_AckForThisRequest_Completes()
    {
        var datagram = Message(NetlinkMessageType.NLMSG_ERROR, NetlinkFlags.NLM_F_CAPPED, Sequence, Port, Ack);

        Assert.Equal(Outcome.Complete, NetlinkReplies.ProcessAck("op", datagram, Sequence, Port, null));
    }

    [Fact]
    public void ProcessAck_ReplyBeforeAck_GoesToHandler()
    {
        var datagram = Concat(
            Message(RTM_NEWLINK, 0, Sequence, Port, "AABBCCDD"),
            Message(NetlinkMessageType.NLMSG_ERROR, NetlinkFlags.NLM_F_CAPPED, Sequence, Port, Ack));
        var seen = new List<string>();

        var outcome = NetlinkReplies.ProcessAck("op", datagram, Sequence, Port, (in NetlinkMessage m) => seen.Add(Convert.ToHexString(m.Payload)));

        Assert.Equal(Outcome.Complete, outcome);
        Assert.Equal(["AABBCCDD"], seen);
    }

    [Fact]
    public void ProcessAck_ReplyWithoutAck_NeedsMore()
    {
        var datagram = Message(RTM_NEWLINK, 0, Sequence, Port, "AABBCCDD");

        Assert.Equal(Outcome.NeedMore, NetlinkReplies.ProcessAck("op", datagram, Sequence, Port, null));
    }

    [Fact]
    public void ProcessAck_ErrorWithExtendedAck_ThrowsNetlinkExceptionWithOperationErrnoAndText()
    {
        var payload = "EAFFFFFF" + "14000000100005000700000064000000" + "10000100" + "496E76616C6964204D545500";
        var datagram = Message(NetlinkMessageType.NLMSG_ERROR, NetlinkFlags.NLM_F_CAPPED | NetlinkFlags.NLM_F_ACK_TLVS, Sequence, Port, payload);

        var error = Assert.Throws<NetlinkException>(() => NetlinkReplies.ProcessAck("set mtu of eth0", datagram, Sequence, Port, null));

        Assert.Equal("set mtu of eth0", error.Operation);
        Assert.Equal(22, error.Errno);
        Assert.Equal("Invalid MTU", error.KernelMessage);
        Assert.Equal("set mtu of eth0: invalid argument (errno 22): Invalid MTU", error.Message);
    }

    [Fact]
    public void ProcessAck_StaleReplyFromAnAbandonedRequest_IsSkipped()
    {
        var datagram = Concat(
            Message(NetlinkMessageType.NLMSG_ERROR, NetlinkFlags.NLM_F_CAPPED, Sequence - 1, Port, "EFFFFFFF" + "14000000100005000600000064000000"),
            Message(NetlinkMessageType.NLMSG_ERROR, NetlinkFlags.NLM_F_CAPPED, Sequence, Port, Ack));

        Assert.Equal(Outcome.Complete, NetlinkReplies.ProcessAck("op", datagram, Sequence, Port, null));
    }

    [Fact]
    public void ProcessAck_ReplyForAnotherPort_ThrowsNetlinkFormatException()
    {
        var datagram = Message(NetlinkMessageType.NLMSG_ERROR, NetlinkFlags.NLM_F_CAPPED, Sequence, Port + 1, Ack);

        Assert.Throws<NetlinkFormatException>(() => NetlinkReplies.ProcessAck("op", datagram, Sequence, Port, null));
    }

    [Fact]
    public void ProcessAck_DoneInsteadOfAck_ThrowsNetlinkFormatException()
    {
        var datagram = Message(NetlinkMessageType.NLMSG_DONE, 0, Sequence, Port, "00000000");

        Assert.Throws<NetlinkFormatException>(() => NetlinkReplies.ProcessAck("op", datagram, Sequence, Port, null));
    }

    [Fact]
    public void ProcessDump_PartsOverTwoDatagrams_CollectsAllUntilDone()
    {
        var results = new List<string>();
        var interrupted = false;

        var first = NetlinkReplies.ProcessDump("dump", Concat(
                Message(RTM_NEWLINK, NetlinkFlags.NLM_F_MULTI, Sequence, Port, "01000000"),
                Message(RTM_NEWLINK, NetlinkFlags.NLM_F_MULTI, Sequence, Port, "02000000")),
            Sequence, Port, ParseHex, results, ref interrupted);
        var second = NetlinkReplies.ProcessDump("dump", Concat(
                Message(RTM_NEWLINK, NetlinkFlags.NLM_F_MULTI, Sequence, Port, "03000000"),
                Message(NetlinkMessageType.NLMSG_DONE, NetlinkFlags.NLM_F_MULTI, Sequence, Port, "00000000")),
            Sequence, Port, ParseHex, results, ref interrupted);

        Assert.Equal(Outcome.NeedMore, first);
        Assert.Equal(Outcome.Complete, second);
        Assert.Equal(["01000000", "02000000", "03000000"], results);
    }

    [Fact]
    public void ProcessDump_DumpInterruptedFlag_EndsInterruptedAndStopsCollecting()
    {
        var results = new List<string>();
        var interrupted = false;
        const ushort multiIntr = NetlinkFlags.NLM_F_MULTI | NetlinkFlags.NLM_F_DUMP_INTR;

        var outcome = NetlinkReplies.ProcessDump("dump", Concat(
                Message(RTM_NEWLINK, NetlinkFlags.NLM_F_MULTI, Sequence, Port, "01000000"),
                Message(RTM_NEWLINK, multiIntr, Sequence, Port, "02000000"),
                Message(RTM_NEWLINK, NetlinkFlags.NLM_F_MULTI, Sequence, Port, "03000000"),
                Message(NetlinkMessageType.NLMSG_DONE, NetlinkFlags.NLM_F_MULTI, Sequence, Port, "00000000")),
            Sequence, Port, ParseHex, results, ref interrupted);

        Assert.Equal(Outcome.Interrupted, outcome);
        Assert.True(interrupted);
        Assert.Equal(["01000000"], results);
    }

    [Fact]
    public void ProcessDump_DoneCarryingAnError_ThrowsNetlinkException()
    {
        var results = new List<string>();
        var interrupted = false;
        var datagram = Message(NetlinkMessageType.NLMSG_DONE, NetlinkFlags.NLM_F_MULTI, Sequence, Port, "F9FFFFFF");

        var error = Assert.Throws<NetlinkException>(() =>
            NetlinkReplies.ProcessDump("dump links", datagram, Sequence, Port, ParseHex, results, ref interrupted));
        Assert.Equal(7, error.Errno);
    }

    [Fact]
    public void ProcessDump_ErrorInsteadOfParts_ThrowsNetlinkException()
    {
        var results = new List<string>();
        var interrupted = false;
        var datagram = Message(NetlinkMessageType.NLMSG_ERROR, NetlinkFlags.NLM_F_CAPPED, Sequence, Port, "FFFFFFFF" + "14000000120001030700000064000000");

        var error = Assert.Throws<NetlinkException>(() =>
            NetlinkReplies.ProcessDump("dump links", datagram, Sequence, Port, ParseHex, results, ref interrupted));
        Assert.Equal(1, error.Errno);
    }

    private static string? ParseHex(in NetlinkMessage message) => Convert.ToHexString(message.Payload);

    private static byte[] Message(ushort type, ushort flags, uint sequence, uint port, string payloadHex)
    {
        var payload = Convert.FromHexString(payloadHex);
        var bytes = new byte[NetlinkMessageHeader.Size + payload.Length];
        BitConverter.TryWriteBytes(bytes.AsSpan(0), (uint)bytes.Length);
        BitConverter.TryWriteBytes(bytes.AsSpan(4), type);
        BitConverter.TryWriteBytes(bytes.AsSpan(6), flags);
        BitConverter.TryWriteBytes(bytes.AsSpan(8), sequence);
        BitConverter.TryWriteBytes(bytes.AsSpan(12), port);
        payload.CopyTo(bytes, NetlinkMessageHeader.Size);
        return bytes;
    }

    // Every payload above is a multiple of 4 bytes, so plain concatenation is correctly aligned.
    private static byte[] Concat(params byte[][] messages) => messages.SelectMany(m => m).ToArray();
}
