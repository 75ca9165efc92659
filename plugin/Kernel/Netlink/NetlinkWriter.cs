using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Csnet.Plugin.Kernel.Netlink;

/// <summary>
/// Builds one netlink message (header, family header, attributes) in a pooled, growing buffer.
/// Lengths, padding and byte order are handled here and nowhere else: netlink integers are host
/// byte order, every attribute and message is padded to 4 bytes, and nested lengths are patched
/// when the nest ends. Dispose returns the buffer to the pool.
/// </summary>
public ref struct NetlinkWriter
{
    /// <summary>struct nlattr: u16 nla_len, u16 nla_type.</summary>
    private const int NLA_HDRLEN = 4;

    private byte[] _buffer;
    private int _length;
    private int _messageStart;

    public NetlinkWriter(int initialCapacity)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, NetlinkMessageHeader.Size));
        _length = 0;
        _messageStart = -1;
    }

    public NetlinkWriter()
        : this(512)
    {
    }

    /// <summary>The bytes written so far; after <see cref="EndMessage"/> this is a complete message.</summary>
    public readonly ReadOnlySpan<byte> WrittenSpan => _buffer is null ? default : _buffer.AsSpan(0, _length);

    /// <summary>Starts a message; sequence number and port id stay 0 until <see cref="StampHeader"/>.</summary>
    public void BeginMessage(ushort type, ushort flags)
    {
        if (_messageStart >= 0)
        {
            throw new InvalidOperationException("A message is already open.");
        }

        _messageStart = _length;
        var header = new NetlinkMessageHeader { Type = type, Flags = flags };
        WriteRaw(header);
    }

    /// <summary>Patches nlmsg_len of the open message.</summary>
    public void EndMessage()
    {
        if (_messageStart < 0)
        {
            throw new InvalidOperationException("No message is open.");
        }

        var length = (uint)(_length - _messageStart);
        MemoryMarshal.Write(_buffer.AsSpan(_messageStart), in length);
        _messageStart = -1;
    }

    /// <summary>Sets nlmsg_seq and nlmsg_pid of the first message; the connection does this under its lock.</summary>
    public readonly void StampHeader(uint sequence, uint portId)
    {
        if (_length < NetlinkMessageHeader.Size)
        {
            throw new InvalidOperationException("No message has been written.");
        }

        var header = MemoryMarshal.Read<NetlinkMessageHeader>(_buffer);
        header.Sequence = sequence;
        header.PortId = portId;
        MemoryMarshal.Write(_buffer.AsSpan(), in header);
    }

    /// <summary>ORs <paramref name="flags"/> into nlmsg_flags of the first message.</summary>
    public readonly void AddFlags(ushort flags)
    {
        if (_length < NetlinkMessageHeader.Size)
        {
            throw new InvalidOperationException("No message has been written.");
        }

        var header = MemoryMarshal.Read<NetlinkMessageHeader>(_buffer);
        header.Flags |= flags;
        MemoryMarshal.Write(_buffer.AsSpan(), in header);
    }

    /// <summary>Writes a family header such as struct ifinfomsg, padded to 4 bytes.</summary>
    public void WriteFixed<T>(in T value)
        where T : unmanaged
    {
        WriteRaw(value);
    }

    public void WriteUInt8(ushort type, byte value) => WriteAttribute(type, value);

    public void WriteUInt16(ushort type, ushort value) => WriteAttribute(type, value);

    public void WriteUInt32(ushort type, uint value) => WriteAttribute(type, value);

    public void WriteInt32(ushort type, int value) => WriteAttribute(type, value);

    /// <summary>A NUL-terminated UTF-8 string (NLA_STRING / NLA_NUL_STRING both accept this).</summary>
    public void WriteString(ushort type, string value)
    {
        var byteCount = Encoding.UTF8.GetByteCount(value);
        var span = BeginAttribute(type, byteCount + 1);
        Encoding.UTF8.GetBytes(value, span);
        span[byteCount] = 0;
        PadToAlignment();
    }

    public void WriteBytes(ushort type, ReadOnlySpan<byte> value)
    {
        value.CopyTo(BeginAttribute(type, value.Length));
        PadToAlignment();
    }

    /// <summary>An attribute with no payload (NLA_FLAG).</summary>
    public void WriteFlag(ushort type)
    {
        BeginAttribute(type, 0);
    }

    /// <summary>Opens a nested attribute; pass the returned token to <see cref="EndNested"/>.</summary>
    public int BeginNested(ushort type)
    {
        var start = _length;
        BeginAttribute(type, 0);
        return start;
    }

    public void EndNested(int token)
    {
        if (token < 0 || token + NLA_HDRLEN > _length)
        {
            throw new ArgumentOutOfRangeException(nameof(token), "Not a token from BeginNested.");
        }

        var length = _length - token;
        if (length > ushort.MaxValue)
        {
            throw new InvalidOperationException($"Nested attribute is {length} bytes; nla_len is 16 bits.");
        }

        var nlaLength = (ushort)length;
        MemoryMarshal.Write(_buffer.AsSpan(token), in nlaLength);
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer is { Length: > 0 })
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void WriteAttribute<T>(ushort type, T value)
        where T : unmanaged
    {
        MemoryMarshal.Write(BeginAttribute(type, Unsafe.SizeOf<T>()), in value);
        PadToAlignment();
    }

    /// <summary>
    /// Writes struct nlattr and returns the payload span (valid until the next write). The caller
    /// fills it and then pads; nla_len itself never counts the padding.
    /// </summary>
    private Span<byte> BeginAttribute(ushort type, int payloadLength)
    {
        var total = NLA_HDRLEN + payloadLength;
        if (total > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(payloadLength), $"Attribute {type} is {total} bytes; nla_len is 16 bits.");
        }

        var span = Grow(total);
        var nlaLength = (ushort)total;
        MemoryMarshal.Write(span, in nlaLength);
        MemoryMarshal.Write(span[2..], in type);
        return span[NLA_HDRLEN..];
    }

    private void WriteRaw<T>(in T value)
        where T : unmanaged
    {
        var size = Unsafe.SizeOf<T>();
        MemoryMarshal.Write(Grow(size), in value);
        PadToAlignment();
    }

    private void PadToAlignment()
    {
        var padding = NetlinkAlignment.Align(_length) - _length;
        if (padding > 0)
        {
            Grow(padding);
        }
    }

    /// <summary>Reserves <paramref name="count"/> zeroed bytes at the end and returns them.</summary>
    private Span<byte> Grow(int count)
    {
        // default(NetlinkWriter) has no buffer yet; treat it like an empty one.
        _buffer ??= [];
        if (_length + count > _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + count));
            _buffer.AsSpan(0, _length).CopyTo(bigger);
            if (_buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
            }

            _buffer = bigger;
        }

        var span = _buffer.AsSpan(_length, count);
        span.Clear();
        _length += count;
        return span;
    }
}
