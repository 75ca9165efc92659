using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Csnet.Plugin.Kernel.Nftables;

/// <summary>
/// Turns the full set of <see cref="NetworkRules"/> into one nft script, run as one transaction.
/// Pure: the only input from the host is which iptables-nft FORWARD chains exist and which csnet
/// rules they hold, read beforehand by the caller. It knows mechanisms, not csnet's naming: every
/// rule's comment is the tag the caller gave.
/// </summary>
/// <remarks>
/// The script recreates csnet's table (<c>add</c> makes sure it exists so <c>delete</c> cannot
/// fail, then it is defined again), so applying it twice gives the same ruleset and a table edited
/// by hand is repaired. Networks and port mappings are sorted, so the same set renders to the same
/// text. Rules are written the way nft lists them back (bar counter values).
/// </remarks>
public static partial class NetworkRulesRenderer
{
    public const string DefaultTable = "csnet";

    /// <summary>Base chain names in csnet's table.</summary>
    public const string RawPreroutingChain = "raw_prerouting";
    public const string PreroutingChain = "prerouting";
    public const string OutputChain = "output";
    public const string ForwardChain = "forward";
    public const string PostroutingChain = "postrouting";

    /// <summary>csnet's base chains, in the order they are defined and listed.</summary>
    public static IReadOnlyList<string> TableChains { get; } =
        [RawPreroutingChain, PreroutingChain, OutputChain, ForwardChain, PostroutingChain];

    private static readonly Dictionary<string, string> ChainTypes = new()
    {
        // Raw runs before conntrack, so replies whose destination conntrack turns back into
        // 127.0.0.1 (loopback-published ports) are not yet rewritten when the guard looks.
        [RawPreroutingChain] = "type filter hook prerouting priority raw; policy accept;",
        [PreroutingChain] = "type nat hook prerouting priority dstnat; policy accept;",
        // "dstnat" is only a name in the prerouting hook (nft 1.0.6); -100 is its value.
        [OutputChain] = "type nat hook output priority -100; policy accept;",
        // Priority filter - 1 runs before iptables-nft's FORWARD (priority filter). A drop here is
        // final for the packet; an accept here only passes it on to the next base chain.
        [ForwardChain] = "type filter hook forward priority filter - 1; policy accept;",
        [PostroutingChain] = "type nat hook postrouting priority srcnat; policy accept;",
    };

    private sealed record Rule(string Chain, string Text, string Comment);

    /// <param name="networks">Every network; an empty set removes csnet's table and all its host rules.</param>
    /// <param name="hostChains">The host's iptables-nft FORWARD chains (see <see cref="HostForwardChain"/>).</param>
    /// <param name="table">Name of csnet's own <c>inet</c> table.</param>
    /// <exception cref="ArgumentException">A network, mapping or name cannot be rendered safely, or two networks or mappings clash.</exception>
    public static string Render(
        IReadOnlyCollection<NetworkRules> networks,
        IReadOnlyCollection<HostForwardChain> hostChains,
        string table = DefaultTable)
    {
        ArgumentNullException.ThrowIfNull(hostChains);
        var sorted = Prepare(networks, table);

        var script = new StringBuilder();
        script.Append($"add table inet {table}\n");
        script.Append($"delete table inet {table}\n");
        if (sorted.Count > 0)
        {
            var rules = TableRules(sorted);
            script.Append($"table inet {table} {{\n");
            foreach (var chain in TableChains)
            {
                script.Append($"\tchain {chain} {{\n\t\t{ChainTypes[chain]}\n");
                foreach (var rule in rules.Where(r => r.Chain == chain))
                {
                    script.Append($"\t\t{rule.Text} comment \"{rule.Comment}\"\n");
                }
                script.Append("\t}\n");
            }
            script.Append("}\n");
        }
        foreach (var chain in hostChains.OrderBy(c => c.Family))
        {
            var name = HostChainName(chain.Family);
            foreach (var handle in chain.CsnetRuleHandles.Order())
            {
                script.Append($"delete rule {name} handle {handle}\n");
            }
            foreach (var rule in HostRules(sorted))
            {
                script.Append($"add rule {name} {rule.Text} comment \"{rule.Comment}\"\n");
            }
        }
        return script.ToString();
    }

    /// <summary>
    /// The chain and comment of every rule <see cref="Render"/> installs, sorted: what the kernel
    /// should list in csnet's table and, among the host FORWARD chains' rules carrying csnet's
    /// comments, in those of <paramref name="hostFamilies"/>.
    /// </summary>
    /// <exception cref="ArgumentException">As for <see cref="Render"/>.</exception>
    public static IReadOnlyList<RuleKey> ExpectedRules(
        IReadOnlyCollection<NetworkRules> networks,
        IReadOnlyCollection<NftFamily> hostFamilies,
        string table = DefaultTable)
    {
        ArgumentNullException.ThrowIfNull(hostFamilies);
        var sorted = Prepare(networks, table);
        var keys = TableRules(sorted).Select(r => new RuleKey("inet", table, r.Chain, r.Comment)).ToList();
        foreach (var family in hostFamilies.Distinct())
        {
            keys.AddRange(HostRules(sorted).Select(r => new RuleKey(Family(family), HostForwardChain.Table, HostForwardChain.Chain, r.Comment)));
        }
        keys.Sort();
        return keys;
    }

    private static List<NetworkRules> Prepare(IReadOnlyCollection<NetworkRules> networks, string table)
    {
        ArgumentNullException.ThrowIfNull(networks);
        CheckName(table, nameof(table));
        var sorted = networks.OrderBy(n => n?.Tag, StringComparer.Ordinal).ToList();
        Validate(sorted);
        return sorted;
    }

    private static List<Rule> TableRules(List<NetworkRules> networks)
    {
        var own = networks.Select(n => n.Interface).ToHashSet(StringComparer.Ordinal);
        var rules = new List<Rule>();
        foreach (var network in networks)
        {
            var iface = Quote(network.Interface);
            var tag = network.Tag;

            if (network.Sealed)
            {
                rules.Add(new(ForwardChain, $"iifname {iface} oifname != {iface} counter drop", tag));
                rules.Add(new(ForwardChain, $"oifname {iface} iifname != {iface} counter drop", tag));
                if (network.DropBetweenPorts)
                {
                    // Frames between two ports of one bridge reach this hook only through br_netfilter.
                    rules.Add(new(ForwardChain, $"iifname {iface} oifname {iface} counter drop", tag));
                }
                continue;
            }

            foreach (var family in network.Families)
            {
                rules.AddRange(PreroutingRules(network, family));
            }

            // Every bridge, not only csnet's, except the exempt ones (a bridge such as br0 or
            // vmbr0 may carry the default route). Connections DNAT'd to a published port (of any
            // network) stay allowed.
            rules.Add(new(ForwardChain, $"iifname {iface} oifname != {iface}{NotExempt(network, own)} meta oifkind \"bridge\" ct status ! dnat counter drop", tag));
            if (network.DropBetweenPorts)
            {
                // Siblings may still use each other's published ports through a host address.
                rules.Add(new(ForwardChain, $"iifname {iface} oifname {iface} ct status ! dnat counter drop", tag));
            }
            foreach (var family in network.Families)
            {
                rules.AddRange(OpenedRules(network, family));
            }
            // Only replies and published ports may enter from elsewhere. A bit list, not
            // "!= established,related": nft turns that into "state != 6", which is always true.
            rules.Add(new(ForwardChain, $"oifname {iface} iifname != {iface} ct state invalid,new,untracked ct status ! dnat counter drop", tag));

            foreach (var family in network.Families)
            {
                rules.AddRange(PostroutingRules(network, family));
            }
        }
        return rules;
    }

    private static IEnumerable<Rule> PreroutingRules(NetworkRules network, FamilyRules family)
    {
        var ip = IpKeyword(family.Family);
        if (family.GuardLoopback)
        {
            yield return new(RawPreroutingChain, $"iifname {Quote(network.Interface)} ip daddr 127.0.0.0/8 counter drop", network.Tag);
        }
        foreach (var mapping in SortedPorts(family))
        {
            var to = $"dnat {ip} to {Endpoint(mapping.ContainerIp, mapping.ContainerPort)}";
            var port = $"{ProtocolName(mapping.Protocol)} dport {mapping.HostPort}";
            var match = mapping.HostIp is null
                ? $"meta nfproto {(family.Family == AddressFamily.InterNetwork ? "ipv4" : "ipv6")} fib daddr type local"
                : $"{ip} daddr {mapping.HostIp}";
            if (mapping.HostIp is null || !IPAddress.IsLoopback(mapping.HostIp))
            {
                yield return new(PreroutingChain, $"{match} {port} counter {to}", mapping.Tag);
            }
            yield return new(OutputChain, $"{match} {port} counter {to}", mapping.Tag);
        }
    }

    // Routed families: what may enter at the containers' own addresses, before the inbound drop.
    private static IEnumerable<Rule> OpenedRules(NetworkRules network, FamilyRules family)
    {
        var iface = Quote(network.Interface);
        var ip = IpKeyword(family.Family);
        foreach (var open in family.OpenPorts
            .OrderBy(p => p.Tag, StringComparer.Ordinal).ThenBy(p => p.Protocol).ThenBy(p => p.ContainerPort).ThenBy(p => p.ContainerIp.ToString(), StringComparer.Ordinal))
        {
            yield return new(ForwardChain, $"oifname {iface} iifname != {iface} {ip} daddr {open.ContainerIp} {ProtocolName(open.Protocol)} dport {open.ContainerPort} counter accept", open.Tag);
        }
        if (family.AcceptInboundIcmp)
        {
            var icmp = family.Family == AddressFamily.InterNetwork ? "icmp" : "ipv6-icmp";
            yield return new(ForwardChain, $"oifname {iface} iifname != {iface} meta l4proto {icmp} counter accept", network.Tag);
        }
    }

    private static IEnumerable<Rule> PostroutingRules(NetworkRules network, FamilyRules family)
    {
        var iface = Quote(network.Interface);
        var ip = IpKeyword(family.Family);
        if (family.Masquerade)
        {
            var nat = family.SnatAddress is null ? "masquerade" : $"snat {ip} to {family.SnatAddress}";
            foreach (var subnet in family.Subnets)
            {
                yield return new(PostroutingChain, $"{ip} saddr {subnet} oifname != {iface} counter {nat}", network.Tag);
            }
        }
        if (family.Ports.Count > 0)
        {
            if (family.Family == AddressFamily.InterNetwork)
            {
                // The host's own connections to 127.0.0.1, DNAT'd: the container cannot answer 127.0.0.1.
                yield return new(PostroutingChain, $"oifname {iface} ip saddr 127.0.0.0/8 counter masquerade", network.Tag);
            }
            // Hairpin: a container reaching a sibling's published port through a host address
            // must see the bridge's address, or the sibling answers it directly and the reply
            // misses conntrack. "iifname" cannot be used: bridged frames (br_netfilter) have no
            // input device in postrouting.
            foreach (var subnet in family.Subnets)
            {
                yield return new(PostroutingChain, $"oifname {iface} {ip} saddr {subnet} ct status dnat counter masquerade", network.Tag);
            }
        }
    }

    /// <summary>
    /// The host exception: dockerd's FORWARD policy DROP also drops csnet's traffic, same-bridge
    /// frames included (br_netfilter), and no accept in another base chain can override a drop.
    /// Only expressions iptables-nft 1.8.9 can parse are used (meta iifname/oifname, counter,
    /// comment as rule userdata): a single "ct" expression makes it call the whole chain
    /// incompatible, and then dockerd's own iptables calls on FORWARD fail. What these accepts let
    /// through too much is dropped in csnet's forward chain, which runs first.
    /// </summary>
    private static IEnumerable<Rule> HostRules(List<NetworkRules> networks)
    {
        foreach (var network in networks)
        {
            var iface = Quote(network.Interface);
            yield return new(HostForwardChain.Chain, $"iifname {iface} counter accept", network.Tag);
            yield return new(HostForwardChain.Chain, $"oifname {iface} counter accept", network.Tag);
        }
    }

    // A single name, as nft lists a one-element anonymous set back.
    private static string NotExempt(NetworkRules network, HashSet<string> own)
    {
        var exempt = network.IsolationExempt.Where(name => !own.Contains(name)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return exempt.Count switch
        {
            0 => "",
            1 => $" oifname != {Quote(exempt[0])}",
            _ => $" oifname != {{ {string.Join(", ", exempt.Select(Quote))} }}",
        };
    }

    private static string HostChainName(NftFamily family) => $"{Family(family)} {HostForwardChain.Table} {HostForwardChain.Chain}";

    internal static string Family(NftFamily family) => family switch
    {
        NftFamily.Ip => "ip",
        NftFamily.Ip6 => "ip6",
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "unknown nftables family"),
    };

    private static IEnumerable<PortMapping> SortedPorts(FamilyRules family) => family.Ports
        .OrderBy(p => p.Tag, StringComparer.Ordinal)
        .ThenBy(p => p.Protocol)
        .ThenBy(p => p.HostPort)
        .ThenBy(p => p.HostIp?.ToString() ?? "", StringComparer.Ordinal)
        .ThenBy(p => p.ContainerIp.ToString(), StringComparer.Ordinal)
        .ThenBy(p => p.ContainerPort);

    private static string IpKeyword(AddressFamily family) =>
        family == AddressFamily.InterNetworkV6 ? "ip6" : "ip";

    private static string Endpoint(IPAddress address, int port) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]:{port}" : $"{address}:{port}";

    private static string ProtocolName(byte protocol) => protocol switch
    {
        PortMapping.Tcp => "tcp",
        PortMapping.Udp => "udp",
        PortMapping.Sctp => "sctp",
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "not tcp, udp or sctp"),
    };

    private static string Quote(string name) => $"\"{name}\"";
}
