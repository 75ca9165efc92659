using System.Runtime.InteropServices;

namespace Csnet.Plugin.Kernel.Netlink;

/// <summary>
/// Iterates a run of netlink attributes (struct nlattr + payload, each padded to 4 bytes):
/// <c>foreach (var (type, value) in new AttributeReader(bytes))</c>. Malformed input throws
/// <see cref="NetlinkFormatException"/> and nothing else.
/// </summary>
public ref struct AttributeReader
{
    private const int NLA_HDRLEN = 4;

    // NLA_F_NESTED and NLA_F_NET_BYTEORDER live in the top two bits of nla_type.
    private const ushort NLA_TYPE_MASK = 0x3fff;

    private ReadOnlySpan<byte> _remaining;

    public AttributeReader(ReadOnlySpan<byte> attributes)
    {
        _remaining = attributes;
        Current = default;
    }

    public NetlinkAttribute Current { get; private set; }

    public readonly AttributeReader GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_remaining.IsEmpty)
        {
            return false;
        }

        if (_remaining.Length < NLA_HDRLEN)
        {
            throw new NetlinkFormatException($"{_remaining.Length} trailing bytes are too short for an attribute header.");
        }

        var length = MemoryMarshal.Read<ushort>(_remaining);
        var type = (ushort)(MemoryMarshal.Read<ushort>(_remaining[2..]) & NLA_TYPE_MASK);
        if (length < NLA_HDRLEN || length > _remaining.Length)
        {
            throw new NetlinkFormatException(
                $"Attribute {type} claims {length} bytes but {_remaining.Length} remain.");
        }

        Current = new NetlinkAttribute(type, _remaining[NLA_HDRLEN..length]);

        // The last attribute of a message may omit its padding.
        _remaining = _remaining[Math.Min(NetlinkAlignment.Align(length), _remaining.Length)..];
        return true;
    }
}
