namespace Csnet.Plugin.Kernel.Netlink;

/// <summary>Control message types shared by every netlink family (linux/netlink.h).</summary>
public static class NetlinkMessageType
{
    public const ushort NLMSG_NOOP = 1;
    public const ushort NLMSG_ERROR = 2;
    public const ushort NLMSG_DONE = 3;
    public const ushort NLMSG_OVERRUN = 4;
}
