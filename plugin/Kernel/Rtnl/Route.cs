using System.Net;

namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>
/// A route from the main table (RTM_NEWROUTE). Destination null means default route.
/// <see cref="OutputIndex"/> is RTA_OIF; an ECMP route has none and lists the interface of each
/// nexthop in <see cref="NextHopIndexes"/> instead. Routes that point at a nexthop object
/// (RTA_NH_ID, `ip nexthop`) carry neither, and their interfaces are not read (they would need
/// RTM_GETNEXTHOP).
/// </summary>
public sealed record Route(IPAddress? Destination, int PrefixLength, IPAddress? Gateway, int? OutputIndex)
{
    /// <summary>The rtnh_ifindex of every RTA_MULTIPATH nexthop, in the kernel's order; empty for a single-path route.</summary>
    public IReadOnlyList<int> NextHopIndexes { get; init; } = [];

    /// <summary>Every interface the route leaves through: RTA_OIF and each nexthop's.</summary>
    public IEnumerable<int> OutputIndexes => OutputIndex is { } index ? NextHopIndexes.Prepend(index) : NextHopIndexes;

    public bool Equals(Route? other) =>
        other is not null
        && Equals(Destination, other.Destination)
        && PrefixLength == other.PrefixLength
        && Equals(Gateway, other.Gateway)
        && OutputIndex == other.OutputIndex
        && NextHopIndexes.SequenceEqual(other.NextHopIndexes)
        && Equals(PreferredSource, other.PreferredSource);

    /// <summary>RTA_PREFSRC: the source address the host picks for traffic on this route; null lets the kernel choose.</summary>
    public IPAddress? PreferredSource { get; init; }

    public override int GetHashCode() => HashCode.Combine(Destination, PrefixLength, Gateway, OutputIndex, NextHopIndexes.Count);
}
