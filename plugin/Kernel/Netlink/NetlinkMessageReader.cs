using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Csnet.Plugin.Kernel.Netlink;

/// <summary>
/// Splits a received datagram into messages. Malformed input throws <see cref="NetlinkFormatException"/>.
/// </summary>
public ref struct NetlinkMessageReader
{
    private ReadOnlySpan<byte> _remaining;

    public NetlinkMessageReader(ReadOnlySpan<byte> datagram)
    {
        _remaining = datagram;
        Current = default;
    }

    public NetlinkMessage Current { get; private set; }

    public readonly NetlinkMessageReader GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_remaining.IsEmpty)
        {
            return false;
        }

        if (_remaining.Length < NetlinkMessageHeader.Size)
        {
            throw new NetlinkFormatException($"{_remaining.Length} trailing bytes are too short for a message header.");
        }

        var header = MemoryMarshal.Read<NetlinkMessageHeader>(_remaining);
        if (header.Length < NetlinkMessageHeader.Size || header.Length > _remaining.Length)
        {
            throw new NetlinkFormatException($"Message claims {header.Length} bytes but {_remaining.Length} remain.");
        }

        var length = (int)header.Length;
        Current = new NetlinkMessage(header, _remaining[NetlinkMessageHeader.Size..length]);
        _remaining = _remaining[Math.Min(NetlinkAlignment.Align(length), _remaining.Length)..];
        return true;
    }

    /// <summary>Reads a fixed family header (struct ifinfomsg…) at the start of a payload.</summary>
    public static T ReadFixed<T>(ReadOnlySpan<byte> payload, out ReadOnlySpan<byte> attributes)
        where T : unmanaged
    {
        var size = Unsafe.SizeOf<T>();
        if (payload.Length < size)
        {
            throw new NetlinkFormatException($"Payload of {payload.Length} bytes is too short for {typeof(T).Name} ({size} bytes).");
        }

        attributes = payload[Math.Min(NetlinkAlignment.Align(size), payload.Length)..];
        return MemoryMarshal.Read<T>(payload);
    }
}
