using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Csnet.Plugin.Kernel.Netlink;

namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>
/// Iterates the nexthops of an RTA_MULTIPATH payload: <c>foreach (var hop in new NextHopReader(value))</c>.
/// Each struct rtnexthop is followed by its attributes and padded like netlink attributes
/// (RTNH_ALIGNTO is 4). Malformed input throws <see cref="NetlinkFormatException"/> and nothing else.
/// </summary>
internal ref struct NextHopReader
{
    private ReadOnlySpan<byte> _remaining;

    public NextHopReader(ReadOnlySpan<byte> multipath)
    {
        _remaining = multipath;
        Current = default;
    }

    public RtNextHop Current { get; private set; }

    public readonly NextHopReader GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_remaining.IsEmpty)
        {
            return false;
        }

        var size = Unsafe.SizeOf<RtNextHop>();
        if (_remaining.Length < size)
        {
            throw new NetlinkFormatException($"{_remaining.Length} trailing bytes are too short for struct rtnexthop ({size} bytes).");
        }

        var hop = MemoryMarshal.Read<RtNextHop>(_remaining);
        if (hop.Length < size || hop.Length > _remaining.Length)
        {
            throw new NetlinkFormatException($"Nexthop claims {hop.Length} bytes but {_remaining.Length} remain.");
        }

        Current = hop;
        _remaining = _remaining[Math.Min(NetlinkAlignment.Align(hop.Length), _remaining.Length)..];
        return true;
    }
}
