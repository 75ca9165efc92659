namespace Csnet.Plugin.Kernel.Netlink;

/// <summary>
/// Flag bits in the top of nla_type (linux/netlink.h). <see cref="AttributeReader"/> masks them off;
/// a writer ORs one into the type only where the kernel reads it.
/// </summary>
public static class NetlinkAttributeFlags
{
    public const ushort NLA_F_NESTED = 0x8000;
    public const ushort NLA_F_NET_BYTEORDER = 0x4000;
}
