using System.Runtime.InteropServices;

namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>struct ifaddrmsg (linux/if_addr.h); layout must match the kernel's exactly.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct IfAddrMessage
{
    public byte Family;
    public byte PrefixLength;
    public byte Flags;
    public byte Scope;
    public uint Index;
}
