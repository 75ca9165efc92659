using System.Net;
using System.Net.Sockets;
using Csnet.Common.Addressing;
using Csnet.Plugin.Kernel.Nftables;

namespace Csnet.Tests.Shared;

/// <summary>
/// Rule sets as the bridge policy makes them for one-subnet networks (isolated, NAT on, loopback
/// guard for IPv4), tagged like csnet's: <c>csnet:&lt;network12&gt;</c>, mappings <c>…/&lt;endpoint12&gt;</c>.
/// </summary>
internal static class SampleRules
{
    /// <summary>How the plugin configures the firewall: its tag prefix and its own bridge names.</summary>
    public static readonly NftablesFirewallOptions Options = new() { TagPrefix = "csnet:", OwnedInterfacePrefixes = ["csbr-"] };

    /// <summary>A firewall as the plugin makes it; dispose it in the namespace's test, it keeps a libnftables context there.</summary>
    public static NftablesFirewall Firewall() => new(Options);

    /// <summary>Applies <paramref name="networks"/> with a firewall of its own, closed again at once.</summary>
    public static void ApplyOnce(IReadOnlyCollection<NetworkRules> networks)
    {
        using var firewall = Firewall();
        firewall.Apply(networks);
    }

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
            Tag = "csnet:" + networkId[..Math.Min(12, networkId.Length)],
            Interface = bridge,
            IPv4 = Family(AddressFamily.InterNetwork),
            IPv6 = Family(AddressFamily.InterNetworkV6),
        };
    }

    /// <summary>A mapping of an endpoint of <paramref name="network"/>, tagged with both ids.</summary>
    public static PortMapping Map(this NetworkRules network, string endpointId, byte protocol, int hostPort, string containerIp, int containerPort, IPAddress? hostIp = null) => new()
    {
        Protocol = protocol,
        HostIp = hostIp,
        HostPort = hostPort,
        ContainerIp = IPAddress.Parse(containerIp),
        ContainerPort = containerPort,
        Tag = $"{network.Tag}/{endpointId[..Math.Min(12, endpointId.Length)]}",
    };

    /// <summary>The network with these mappings, each in the part of its container address's family.</summary>
    public static NetworkRules WithPorts(this NetworkRules network, params PortMapping[] ports) => network with
    {
        IPv4 = network.IPv4 is null ? null : network.IPv4 with { Ports = ports.Where(p => p.ContainerIp.AddressFamily == AddressFamily.InterNetwork).ToList() },
        IPv6 = network.IPv6 is null ? null : network.IPv6 with { Ports = ports.Where(p => p.ContainerIp.AddressFamily == AddressFamily.InterNetworkV6).ToList() },
    };

    public static NetworkRules WithV4(this NetworkRules rules, Func<FamilyRules, FamilyRules> change) =>
        rules with { IPv4 = change(rules.IPv4!) };

    public static NetworkRules[] Exempt(IReadOnlyList<string> interfaces, params NetworkRules[] networks) =>
        networks.Select(n => n with { IsolationExempt = interfaces }).ToArray();
}
