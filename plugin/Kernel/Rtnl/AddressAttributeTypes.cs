namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>IFA_* attributes of RTM_*ADDR messages (linux/if_addr.h).</summary>
internal static class AddressAttributeTypes
{
    public const ushort IFA_ADDRESS = 1;
    public const ushort IFA_LOCAL = 2;

    /// <summary>ifa_flags: skip duplicate address detection (IPv6).</summary>
    public const byte IFA_F_NODAD = 0x02;
}
