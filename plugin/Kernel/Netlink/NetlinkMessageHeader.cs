using System.Runtime.InteropServices;

namespace Csnet.Plugin.Kernel.Netlink;

/// <summary>
/// struct nlmsghdr from linux/netlink.h, in host byte order. The field order and sizes mirror the
/// kernel's layout exactly; do not reorder or resize them.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct NetlinkMessageHeader
{
    public const int Size = 16;

    /// <summary>nlmsg_len: the whole message including this header, unaligned.</summary>
    public uint Length;

    /// <summary>nlmsg_type: NLMSG_* control types or a family's message type (RTM_NEWLINK…).</summary>
    public ushort Type;

    /// <summary>nlmsg_flags: <see cref="NetlinkFlags"/>.</summary>
    public ushort Flags;

    /// <summary>nlmsg_seq.</summary>
    public uint Sequence;

    /// <summary>nlmsg_pid: the port id of the socket the message belongs to.</summary>
    public uint PortId;

    public readonly override string ToString() =>
        $"nlmsghdr(len={Length}, type={Type}, flags=0x{Flags:x}, seq={Sequence}, pid={PortId})";
}
