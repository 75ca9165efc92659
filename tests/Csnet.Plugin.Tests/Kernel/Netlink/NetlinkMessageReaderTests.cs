using Csnet.Plugin.Kernel.Netlink;
using Xunit;

namespace Csnet.Plugin.Tests.Kernel.Netlink;

public sealed class NetlinkMessageReaderTests
{
    [Fact]
    public void MoveNext_TwoMessagesInOneDatagram_YieldsBothWithPayloads()
    {
        var datagram = Convert.FromHexString(
            "14000000" + "1000" + "0200" + "07000000" + "39300000" + "AABBCCDD" +
            "14000000" + "0300" + "0200" + "07000000" + "39300000" + "00000000");

        var types = new List<ushort>();
        foreach (var message in new NetlinkMessageReader(datagram))
        {
            types.Add(message.Header.Type);
            Assert.Equal(7u, message.Header.Sequence);
            Assert.Equal(12345u, message.Header.PortId);
            Assert.Equal(NetlinkFlags.NLM_F_MULTI, message.Header.Flags);
            Assert.Equal(4, message.Payload.Length);
        }

        Assert.Equal(new ushort[] { 16, NetlinkMessageType.NLMSG_DONE }, types);
    }

    [Theory]
    [InlineData("100000000300")]                                  // shorter than nlmsghdr
    [InlineData("0C000000030000000100000000000000")]              // nlmsg_len below the header size
    [InlineData("20000000030000000100000000000000")]              // nlmsg_len beyond the datagram
    [InlineData("1000000003000000010000000000000000")]            // a trailing byte
    public void MoveNext_Malformed_ThrowsNetlinkFormatException(string hex)
    {
        var bytes = Convert.FromHexString(hex);

        Assert.Throws<NetlinkFormatException>(() =>
        {
            foreach (var _ in new NetlinkMessageReader(bytes))
            {
            }
        });
    }

    [Fact]
    public void ReadFixed_PayloadTooShort_ThrowsNetlinkFormatException()
    {
        Assert.Throws<NetlinkFormatException>(() => NetlinkMessageReader.ReadFixed<long>(new byte[7], out _));
    }

    [Fact]
    public void ReadFixed_OddSizedHeader_SkipsPaddingBeforeAttributes()
    {
        var value = NetlinkMessageReader.ReadFixed<byte>(Convert.FromHexString("2A000000" + "04000100"), out var attributes);

        Assert.Equal(42, value);
        Assert.Equal(4, attributes.Length);
    }

    [Fact]
    public void MoveNext_RandomBytes_ThrowsOnlyNetlinkFormatException()
    {
        var random = new Random(4000);
        for (var i = 0; i < 20000; i++)
        {
            var bytes = new byte[random.Next(0, 96)];
            random.NextBytes(bytes);
            if (bytes.Length >= 16 && random.Next(2) == 0)
            {
                bytes[0] = (byte)random.Next(16, bytes.Length + 1);
                bytes[1] = bytes[2] = bytes[3] = 0;
            }

            try
            {
                foreach (var message in new NetlinkMessageReader(bytes))
                {
                    foreach (var _ in new AttributeReader(message.Payload))
                    {
                    }
                }
            }
            catch (NetlinkFormatException)
            {
            }
        }
    }
}
