using System.Net;

namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>A route from the main table (RTM_NEWROUTE). Destination null means default route.</summary>
public sealed record Route(IPAddress? Destination, int PrefixLength, IPAddress? Gateway, int? OutputIndex)
{
    /// <summary>RTA_PREFSRC: the source address the host picks for traffic on this route; null lets the kernel choose.</summary>
    public IPAddress? PreferredSource { get; init; }
}
