namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>rtnetlink multicast groups (enum rtnetlink_groups, linux/rtnetlink.h), joined by number.</summary>
internal static class RtnlGroups
{
    public const int RTNLGRP_LINK = 1;
    public const int RTNLGRP_IPV4_ROUTE = 7;
    public const int RTNLGRP_IPV6_ROUTE = 11;
}
