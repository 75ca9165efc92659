namespace Csnet.Plugin.Kernel.Netlink;

/// <summary>
/// The one place that knows netlink's 4-byte alignment (NLMSG_ALIGNTO and NLA_ALIGNTO are both 4).
/// </summary>
internal static class NetlinkAlignment
{
    public const int NLMSG_ALIGNTO = 4;

    public static int Align(int length) => (length + NLMSG_ALIGNTO - 1) & ~(NLMSG_ALIGNTO - 1);
}
