using System.Runtime.InteropServices;

namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>struct ifinfomsg (linux/rtnetlink.h); layout must match the kernel's exactly.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct IfInfoMessage
{
    public byte Family;
    public byte Padding;
    public ushort Type;
    public int Index;
    public uint Flags;
    public uint Change;
}
