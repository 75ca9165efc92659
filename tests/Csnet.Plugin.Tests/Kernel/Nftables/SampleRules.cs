using System.Net.Sockets;
using Csnet.Common.Addressing;
using Csnet.Plugin.Kernel.Nftables;

namespace Csnet.Plugin.Tests.Kernel.Nftables;

/// <summary>Rule sets as the bridge policy makes them for one-subnet networks: isolated, NAT on, loopback guard for IPv4.</summary>
internal static class SampleRules
{
    public static NetworkRules Network(string networkId, string bridge, params string[] subnets)
    {
        var prefixes = subnets.Select(IpPrefix.Parse).ToList();
        FamilyRules? Family(AddressFamily family) => prefixes.Any(p => p.Family == family)
            ? new FamilyRules
            {
                Family = family,
                Subnets = prefixes.Where(p => p.Family == family).ToList(),
                Masquerade = true,
                GuardLoopback = family == AddressFamily.InterNetwork,
            }
            : null;
        return new NetworkRules
        {
            Tag = "csnet:" + networkId[..12],
            Interface = bridge,
            IPv4 = Family(AddressFamily.InterNetwork),
            IPv6 = Family(AddressFamily.InterNetworkV6),
        };
    }

    public static NetworkRules WithV4(this NetworkRules rules, Func<FamilyRules, FamilyRules> change) =>
        rules with { IPv4 = change(rules.IPv4!) };

    public static NetworkRules[] Exempt(string[] interfaces, params NetworkRules[] networks) =>
        networks.Select(n => n with { IsolationExempt = interfaces }).ToArray();
}
