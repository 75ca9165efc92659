namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>IFLA_* attributes of RTM_*LINK messages (linux/if_link.h), and link flags from linux/if.h.</summary>
internal static class LinkAttributeTypes
{
    public const ushort IFLA_ADDRESS = 1;
    public const ushort IFLA_IFNAME = 3;
    public const ushort IFLA_MTU = 4;
    public const ushort IFLA_LINK = 5;
    public const ushort IFLA_MASTER = 10;
    public const ushort IFLA_PROTINFO = 12;
    public const ushort IFLA_LINKINFO = 18;
    public const ushort IFLA_IFALIAS = 20;
    public const ushort IFLA_GROUP = 27;

    // Nested in IFLA_LINKINFO.
    public const ushort IFLA_INFO_KIND = 1;
    public const ushort IFLA_INFO_DATA = 2;
    public const ushort IFLA_INFO_SLAVE_KIND = 4;
    public const ushort IFLA_INFO_SLAVE_DATA = 5;

    public const uint IFF_UP = 0x1;

    /// <summary>IFNAMSIZ - 1: the longest interface name the kernel accepts, in bytes.</summary>
    public const int MaxNameLength = 15;
}
