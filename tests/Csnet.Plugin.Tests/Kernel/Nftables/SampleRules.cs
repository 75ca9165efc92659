using System.Net.Sockets;
using Csnet.Common.Addressing;
using Csnet.Plugin.Kernel.Nftables;

namespace Csnet.Plugin.Tests.Kernel.Nftables;

/// <summary>Rule sets as the bridge policy makes them for one-subnet networks: isolated, NAT on, loopback guard for IPv4.</summary>
internal static class SampleRules
{
    public static NetworkRules Network(string networkId, string bridge, string subnet)
    {
        var prefix = IpPrefix.Parse(subnet);
        var family = new FamilyRules
        {
            Family = prefix.Family,
            Subnets = [prefix],
            Masquerade = true,
            GuardLoopback = prefix.Family == AddressFamily.InterNetwork,
        };
        return new NetworkRules
        {
            Tag = "csnet:" + networkId[..12],
            Interface = bridge,
            IPv4 = prefix.Family == AddressFamily.InterNetwork ? family : null,
            IPv6 = prefix.Family == AddressFamily.InterNetworkV6 ? family : null,
        };
    }

    public static NetworkRules WithV4(this NetworkRules rules, Func<FamilyRules, FamilyRules> change) =>
        rules with { IPv4 = change(rules.IPv4!) };

    public static NetworkRules[] Exempt(string[] interfaces, params NetworkRules[] networks) =>
        networks.Select(n => n with { IsolationExempt = interfaces }).ToArray();
}
