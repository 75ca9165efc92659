using Csnet.Plugin.Kernel.Netlink;
using Xunit;

namespace Csnet.Plugin.Tests.Kernel.Netlink;

// Fixtures are little-endian, like every machine csnet runs on; netlink itself is host byte order.
public sealed class NetlinkWriterTests
{
    [Fact]
    public void BeginEndMessage_NoPayload_WritesSixteenByteHeader()
    {
        var writer = new NetlinkWriter();
        try
        {
            writer.BeginMessage(type: 16, flags: NetlinkFlags.NLM_F_CREATE);
            writer.EndMessage();
            writer.StampHeader(sequence: 0x01020304, portId: 0xa0b0c0d0);
            writer.AddFlags(NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_ACK);

            Assert.Equal("10000000" + "1000" + "0504" + "04030201" + "D0C0B0A0", Convert.ToHexString(writer.WrittenSpan));
        }
        finally
        {
            writer.Dispose();
        }
    }

    [Theory]
    [InlineData("u8", "05000100AB000000")]
    [InlineData("u16", "06000100CDAB0000")]
    [InlineData("u32", "0800010078563412")]
    [InlineData("i32", "08000100FFFFFFFF")]
    [InlineData("flag", "04000100")]
    [InlineData("string3", "0800010061626300")]
    [InlineData("string4", "090001006162636400000000")]
    [InlineData("bytes6", "0A000100010203040506" + "0000")]
    public void WriteAttribute_EachType_PadsToFourBytesButLengthExcludesPadding(string kind, string expected)
    {
        Assert.Equal(expected, Encode(kind));
    }

    [Fact]
    public void EndNested_WithChildren_PatchesLengthIncludingChildPadding()
    {
        var writer = new NetlinkWriter();
        try
        {
            var outer = writer.BeginNested(18);
            writer.WriteString(1, "veth");
            var inner = writer.BeginNested(2);
            writer.WriteUInt8(7, 1);
            writer.EndNested(inner);
            writer.EndNested(outer);

            Assert.Equal(
                "1C001200" + "090001007665746800000000" + "0C000200" + "0500070001000000",
                Convert.ToHexString(writer.WrittenSpan));
        }
        finally
        {
            writer.Dispose();
        }
    }

    [Fact]
    public void EndNested_EmptyNest_IsJustTheHeader()
    {
        var writer = new NetlinkWriter();
        try
        {
            writer.EndNested(writer.BeginNested(2));

            Assert.Equal("04000200", Convert.ToHexString(writer.WrittenSpan));
        }
        finally
        {
            writer.Dispose();
        }
    }

    [Fact]
    public void Write_BeyondInitialCapacity_GrowsAndKeepsEarlierBytes()
    {
        var writer = new NetlinkWriter(initialCapacity: 16);
        try
        {
            for (uint i = 0; i < 1000; i++)
            {
                writer.WriteUInt32((ushort)(i % 100), i);
            }

            Assert.Equal(8000, writer.WrittenSpan.Length);
            uint expected = 0;
            foreach (var attribute in new AttributeReader(writer.WrittenSpan))
            {
                Assert.Equal((ushort)(expected % 100), attribute.Type);
                Assert.Equal(expected++, attribute.GetUInt32());
            }

            Assert.Equal(1000u, expected);
        }
        finally
        {
            writer.Dispose();
        }
    }

    [Fact]
    public void WriteFixed_OddSizedStruct_IsPadded()
    {
        var writer = new NetlinkWriter();
        try
        {
            writer.WriteFixed((byte)0x7f);
            writer.WriteUInt8(1, 2);

            Assert.Equal("7F000000" + "0500010002000000", Convert.ToHexString(writer.WrittenSpan));
        }
        finally
        {
            writer.Dispose();
        }
    }

    [Fact]
    public void EndMessage_WithoutBegin_Throws()
    {
        var writer = new NetlinkWriter();
        try
        {
            var thrown = false;
            try
            {
                writer.EndMessage();
            }
            catch (InvalidOperationException)
            {
                thrown = true;
            }

            Assert.True(thrown);
        }
        finally
        {
            writer.Dispose();
        }
    }

    [Fact]
    public void WriteBytes_PayloadOver64KiB_Throws()
    {
        var writer = new NetlinkWriter();
        try
        {
            var thrown = false;
            try
            {
                writer.WriteBytes(1, new byte[ushort.MaxValue]);
            }
            catch (ArgumentOutOfRangeException)
            {
                thrown = true;
            }

            Assert.True(thrown);
        }
        finally
        {
            writer.Dispose();
        }
    }

    private static string Encode(string kind)
    {
        var writer = new NetlinkWriter();
        try
        {
            switch (kind)
            {
                case "u8": writer.WriteUInt8(1, 0xab); break;
                case "u16": writer.WriteUInt16(1, 0xabcd); break;
                case "u32": writer.WriteUInt32(1, 0x12345678); break;
                case "i32": writer.WriteInt32(1, -1); break;
                case "flag": writer.WriteFlag(1); break;
                case "string3": writer.WriteString(1, "abc"); break;
                case "string4": writer.WriteString(1, "abcd"); break;
                case "bytes6": writer.WriteBytes(1, [1, 2, 3, 4, 5, 6]); break;
            }

            return Convert.ToHexString(writer.WrittenSpan);
        }
        finally
        {
            writer.Dispose();
        }
    }
}
