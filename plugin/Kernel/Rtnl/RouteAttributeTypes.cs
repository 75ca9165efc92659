namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>RTA_* attributes and rtmsg values of RTM_*ROUTE messages (linux/rtnetlink.h).</summary>
internal static class RouteAttributeTypes
{
    public const ushort RTA_DST = 1;
    public const ushort RTA_OIF = 4;
    public const ushort RTA_GATEWAY = 5;
    public const ushort RTA_PREFSRC = 7;

    /// <summary>A sequence of struct rtnexthop (ECMP), each followed by its own attributes; the route then has no RTA_OIF.</summary>
    public const ushort RTA_MULTIPATH = 9;

    public const ushort RTA_TABLE = 15;

    public const byte RT_TABLE_MAIN = 254;
    public const byte RTN_UNICAST = 1;

    /// <summary>RTPROT_STATIC: added by an administrator (here csnet), as opposed to the kernel or a routing daemon.</summary>
    public const byte RTPROT_STATIC = 4;

    public const byte RT_SCOPE_UNIVERSE = 0;

    /// <summary>RT_SCOPE_LINK: the destination is on the link itself (no gateway).</summary>
    public const byte RT_SCOPE_LINK = 253;
}
