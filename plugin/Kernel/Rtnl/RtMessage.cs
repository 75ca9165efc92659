using System.Runtime.InteropServices;

namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>struct rtmsg (linux/rtnetlink.h); layout must match the kernel's exactly.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RtMessage
{
    public byte Family;
    public byte DestinationLength;
    public byte SourceLength;
    public byte Tos;
    public byte Table;
    public byte Protocol;
    public byte Scope;
    public byte Type;
    public uint Flags;
}
