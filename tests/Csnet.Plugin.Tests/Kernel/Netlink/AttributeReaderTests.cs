using Csnet.Plugin.Kernel.Netlink;
using Xunit;

namespace Csnet.Plugin.Tests.Kernel.Netlink;

public sealed class AttributeReaderTests
{
    [Fact]
    public void MoveNext_WriterOutput_RoundTripsTypesAndValues()
    {
        var bytes = Write(static (ref NetlinkWriter w) =>
        {
            w.WriteUInt8(1, 0x12);
            w.WriteUInt16(2, 0x3456);
            w.WriteUInt32(3, 0x789abcde);
            w.WriteInt32(4, -42);
            w.WriteString(5, "br-csnet");
            w.WriteFlag(6);
            var nest = w.BeginNested(7);
            w.WriteString(1, "inner");
            w.EndNested(nest);
            w.WriteBytes(8, [0xde, 0xad, 0xbe]);
        });

        var seen = new List<ushort>();
        foreach (var attribute in new AttributeReader(bytes))
        {
            seen.Add(attribute.Type);
            switch (attribute.Type)
            {
                case 1: Assert.Equal(0x12, attribute.GetUInt8()); break;
                case 2: Assert.Equal(0x3456, attribute.GetUInt16()); break;
                case 3: Assert.Equal(0x789abcdeu, attribute.GetUInt32()); break;
                case 4: Assert.Equal(-42, attribute.GetInt32()); break;
                case 5: Assert.Equal("br-csnet", attribute.GetString()); break;
                case 6: Assert.Equal(0, attribute.Value.Length); break;
                case 7:
                    var inner = attribute.GetNested();
                    Assert.True(inner.MoveNext());
                    Assert.Equal("inner", inner.Current.GetString());
                    Assert.False(inner.MoveNext());
                    break;
                case 8: Assert.Equal(new byte[] { 0xde, 0xad, 0xbe }, attribute.Value.ToArray()); break;
            }
        }

        Assert.Equal(new ushort[] { 1, 2, 3, 4, 5, 6, 7, 8 }, seen);
    }

    [Fact]
    public void Deconstruct_InForeach_GivesTypeAndValue()
    {
        var bytes = Write(static (ref NetlinkWriter w) => w.WriteUInt32(9, 5));

        foreach (var (type, value) in new AttributeReader(bytes))
        {
            Assert.Equal(9, type);
            Assert.Equal(4, value.Length);
        }
    }

    [Fact]
    public void MoveNext_NestedAndByteOrderFlags_AreMaskedFromType()
    {
        byte[] bytes = [0x04, 0x00, 0x12, 0xc0];

        var reader = new AttributeReader(bytes);
        Assert.True(reader.MoveNext());
        Assert.Equal(0x12, reader.Current.Type);
    }

    [Fact]
    public void MoveNext_LastAttributeWithoutPadding_IsAccepted()
    {
        byte[] bytes = [0x05, 0x00, 0x01, 0x00, 0x2a];

        var reader = new AttributeReader(bytes);
        Assert.True(reader.MoveNext());
        Assert.Equal(0x2a, reader.Current.GetUInt8());
        Assert.False(reader.MoveNext());
    }

    [Fact]
    public void MoveNext_Empty_ReturnsFalse()
    {
        Assert.False(new AttributeReader([]).MoveNext());
    }

    [Theory]
    [InlineData("0800")]                 // shorter than struct nlattr
    [InlineData("03000100")]             // nla_len below the header size
    [InlineData("0C0001000000000000")]   // nla_len beyond the buffer
    [InlineData("0400010000")]           // one trailing byte after a valid attribute
    public void MoveNext_Malformed_ThrowsNetlinkFormatException(string hex)
    {
        var bytes = Convert.FromHexString(hex);

        Assert.Throws<NetlinkFormatException>(() =>
        {
            foreach (var _ in new AttributeReader(bytes))
            {
            }
        });
    }

    [Theory]
    [InlineData("u8")]
    [InlineData("u16")]
    [InlineData("u32")]
    [InlineData("i32")]
    public void GetInteger_WrongPayloadSize_ThrowsNetlinkFormatException(string getter)
    {
        byte[] bytes = [0x07, 0x00, 0x01, 0x00, 1, 2, 3, 0];

        Assert.Throws<NetlinkFormatException>(() =>
        {
            var reader = new AttributeReader(bytes);
            reader.MoveNext();
            _ = getter switch
            {
                "u8" => reader.Current.GetUInt8(),
                "u16" => reader.Current.GetUInt16(),
                "u32" => reader.Current.GetUInt32(),
                _ => (long)reader.Current.GetInt32(),
            };
        });
    }

    [Fact]
    public void GetString_WithoutTerminator_ReadsWholePayload()
    {
        byte[] bytes = [0x06, 0x00, 0x01, 0x00, (byte)'l', (byte)'o', 0, 0];

        var reader = new AttributeReader(bytes);
        reader.MoveNext();
        Assert.Equal("lo", reader.Current.GetString());
    }

    [Fact]
    public void MoveNext_RandomBytes_ThrowsOnlyNetlinkFormatException()
    {
        var random = new Random(20261125);
        for (var i = 0; i < 20000; i++)
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            if (bytes.Length >= 4 && random.Next(2) == 0)
            {
                // Make the first length plausible so the reader gets past the first attribute more often.
                bytes[0] = (byte)random.Next(4, bytes.Length + 1);
                bytes[1] = 0;
            }

            try
            {
                Walk(bytes, depth: 0);
            }
            catch (NetlinkFormatException)
            {
            }
        }
    }

    private static void Walk(ReadOnlySpan<byte> bytes, int depth)
    {
        foreach (var attribute in new AttributeReader(bytes))
        {
            _ = attribute.GetString();
            if (attribute.Value.Length == 4)
            {
                _ = attribute.GetUInt32();
            }

            if (depth < 3)
            {
                try
                {
                    Walk(attribute.Value, depth + 1);
                }
                catch (NetlinkFormatException)
                {
                }
            }
        }
    }

    private delegate void Build(ref NetlinkWriter writer);

    private static byte[] Write(Build build)
    {
        var writer = new NetlinkWriter();
        try
        {
            build(ref writer);
            return writer.WrittenSpan.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }
}
