using System.Runtime.InteropServices;

namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>struct rtnexthop (linux/rtnetlink.h), one path of an RTA_MULTIPATH route; layout must match the kernel's exactly.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RtNextHop
{
    /// <summary>rtnh_len: this header plus the nexthop's own attributes (RTA_GATEWAY…).</summary>
    public ushort Length;
    public byte Flags;
    public byte Hops;
    public int InterfaceIndex;
}
