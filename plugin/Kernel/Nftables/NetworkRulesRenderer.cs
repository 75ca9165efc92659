using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Csnet.Plugin.Kernel.Nftables;

/// <summary>
/// Turns the full set of csnet networks into one nft script, run as one transaction. Pure: the
/// only input from the host is which iptables-nft FORWARD chains exist and which csnet rules they
/// hold, read beforehand by the caller.
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

    /// <summary>Every csnet rule carries this comment prefix, followed by the first 12 characters of the network id.</summary>
    public const string CommentPrefix = "csnet:";

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

    /// <param name="networks">Every csnet network; an empty set removes csnet's table and all csnet rules.</param>
    /// <param name="hostChains">The host's iptables-nft FORWARD chains (see <see cref="HostForwardChain"/>).</param>
    /// <param name="table">Name of csnet's own <c>inet</c> table.</param>
    /// <param name="uplinks">
    /// Interfaces exempt from isolation (see <see cref="IUplinkInterfaces"/>): csnet traffic may
    /// leave through them although they are bridges. Order and duplicates do not matter; names of
    /// csnet's own bridges are ignored, so csnet networks stay isolated from each other. None when null.
    /// </param>
    /// <exception cref="ArgumentException">A network, mapping or name cannot be rendered safely, or two networks or mappings clash.</exception>
    public static string Render(
        IReadOnlyCollection<NetworkRules> networks,
        IReadOnlyCollection<HostForwardChain> hostChains,
        string table = DefaultTable,
        IReadOnlyCollection<string>? uplinks = null)
    {
        ArgumentNullException.ThrowIfNull(hostChains);
        var sorted = Prepare(networks, table);
        var exempt = Uplinks(uplinks, sorted);

        var script = new StringBuilder();
        script.Append($"add table inet {table}\n");
        script.Append($"delete table inet {table}\n");
        if (sorted.Count > 0)
        {
            var rules = TableRules(sorted, exempt);
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
    /// should list in csnet's table and, among rules with a csnet comment, in the host's FORWARD
    /// chains of <paramref name="hostFamilies"/>.
    /// </summary>
    /// <exception cref="ArgumentException">As for <see cref="Render"/>.</exception>
    public static IReadOnlyList<RuleKey> ExpectedRules(
        IReadOnlyCollection<NetworkRules> networks,
        IReadOnlyCollection<NftFamily> hostFamilies,
        string table = DefaultTable)
    {
        ArgumentNullException.ThrowIfNull(hostFamilies);
        var sorted = Prepare(networks, table);
        var keys = TableRules(sorted, []).Select(r => new RuleKey("inet", table, r.Chain, r.Comment)).ToList();
        foreach (var family in hostFamilies.Distinct())
        {
            keys.AddRange(HostRules(sorted).Select(r => new RuleKey(Family(family), HostForwardChain.Table, HostForwardChain.Chain, r.Comment)));
        }
        keys.Sort();
        return keys;
    }

    /// <summary>The comment on every rule of a network: <c>csnet:</c> and the id's first 12 characters, like Docker's short ids.</summary>
    public static string Comment(string networkId) => CommentPrefix + Short(networkId);

    /// <summary>The comment on the rules of one port mapping: <c>csnet:&lt;network12&gt;/&lt;endpoint12&gt;</c>.</summary>
    public static string Comment(string networkId, PortMapping mapping) => $"{Comment(networkId)}/{Short(mapping.EndpointId)}";

    private static string Short(string id) => id.Length > 12 ? id[..12] : id;

    private static List<NetworkRules> Prepare(IReadOnlyCollection<NetworkRules> networks, string table)
    {
        ArgumentNullException.ThrowIfNull(networks);
        CheckName(table, nameof(table));
        var sorted = networks.OrderBy(n => n.NetworkId, StringComparer.Ordinal).ToList();
        Validate(sorted);
        return sorted;
    }

    private static List<Rule> TableRules(List<NetworkRules> networks, IReadOnlyList<string> uplinks)
    {
        // A single name, as nft lists a one-element anonymous set back.
        var notUplink = uplinks.Count switch
        {
            0 => "",
            1 => $" oifname != {Quote(uplinks[0])}",
            _ => $" oifname != {{ {string.Join(", ", uplinks.Select(Quote))} }}",
        };
        var rules = new List<Rule>();
        foreach (var network in networks)
        {
            var bridge = Quote(network.Bridge);
            var comment = Comment(network.NetworkId);
            var ip = IpKeyword(network.Subnet);
            var subnet = $"{Mask(network.Subnet, network.PrefixLength)}/{network.PrefixLength}";
            bool v4 = network.Subnet.AddressFamily == AddressFamily.InterNetwork;

            if (network.Internal)
            {
                rules.Add(new(ForwardChain, $"iifname {bridge} oifname != {bridge} counter drop", comment));
                rules.Add(new(ForwardChain, $"oifname {bridge} iifname != {bridge} counter drop", comment));
                if (!network.Icc)
                {
                    // Frames between two ports of one bridge reach this hook only through br_netfilter.
                    rules.Add(new(ForwardChain, $"iifname {bridge} oifname {bridge} counter drop", comment));
                }
                continue;
            }

            if (v4)
            {
                // The driver sets route_localnet=1 on the bridge so that loopback-published ports
                // work; that would also let containers reach the host's 127.0.0.1 services.
                rules.Add(new(RawPreroutingChain, $"iifname {bridge} ip daddr 127.0.0.0/8 counter drop", comment));
            }
            foreach (var mapping in SortedPorts(network))
            {
                var to = $"dnat {ip} to {Endpoint(mapping.ContainerIp, mapping.ContainerPort)}";
                var port = $"{ProtocolName(mapping.Protocol)} dport {mapping.HostPort}";
                var mappingComment = Comment(network.NetworkId, mapping);
                var match = mapping.HostIp is null
                    ? $"meta nfproto {(v4 ? "ipv4" : "ipv6")} fib daddr type local"
                    : $"{ip} daddr {mapping.HostIp}";
                if (mapping.HostIp is null || !IPAddress.IsLoopback(mapping.HostIp))
                {
                    rules.Add(new(PreroutingChain, $"{match} {port} counter {to}", mappingComment));
                }
                rules.Add(new(OutputChain, $"{match} {port} counter {to}", mappingComment));
            }

            // Every bridge, not only csnet's: Docker's docker0 and br-* and any other, except the
            // host's uplinks (a bridge such as br0 or vmbr0 may carry the default route).
            // Connections DNAT'd to a published port (of any network) stay allowed.
            rules.Add(new(ForwardChain, $"iifname {bridge} oifname != {bridge}{notUplink} meta oifkind \"bridge\" ct status ! dnat counter drop", comment));
            if (!network.Icc)
            {
                // Siblings may still use each other's published ports through a host address.
                rules.Add(new(ForwardChain, $"iifname {bridge} oifname {bridge} ct status ! dnat counter drop", comment));
            }
            // Only replies and published ports may enter from elsewhere. A bit list, not
            // "!= established,related": nft turns that into "state != 6", which is always true.
            rules.Add(new(ForwardChain, $"oifname {bridge} iifname != {bridge} ct state invalid,new,untracked ct status ! dnat counter drop", comment));

            if (network.Masquerade)
            {
                var nat = network.SnatAddress is null ? "masquerade" : $"snat {ip} to {network.SnatAddress}";
                rules.Add(new(PostroutingChain, $"{ip} saddr {subnet} oifname != {bridge} counter {nat}", comment));
            }
            if (network.Ports.Count > 0)
            {
                if (v4)
                {
                    // The host's own connections to 127.0.0.1, DNAT'd: the container cannot answer 127.0.0.1.
                    rules.Add(new(PostroutingChain, $"oifname {bridge} ip saddr 127.0.0.0/8 counter masquerade", comment));
                }
                // Hairpin: a container reaching a sibling's published port through a host address
                // must see the bridge's address, or the sibling answers it directly and the reply
                // misses conntrack. "iifname" cannot be used: bridged frames (br_netfilter) have no
                // input device in postrouting.
                rules.Add(new(PostroutingChain, $"oifname {bridge} {ip} saddr {subnet} ct status dnat counter masquerade", comment));
            }
        }
        return rules;
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
            var bridge = Quote(network.Bridge);
            var comment = Comment(network.NetworkId);
            yield return new(HostForwardChain.Chain, $"iifname {bridge} counter accept", comment);
            yield return new(HostForwardChain.Chain, $"oifname {bridge} counter accept", comment);
        }
    }

    private static string HostChainName(NftFamily family) => $"{Family(family)} {HostForwardChain.Table} {HostForwardChain.Chain}";

    internal static string Family(NftFamily family) => family switch
    {
        NftFamily.Ip => "ip",
        NftFamily.Ip6 => "ip6",
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "unknown nftables family"),
    };

    private static IEnumerable<PortMapping> SortedPorts(NetworkRules network) => network.Ports
        .OrderBy(p => p.EndpointId, StringComparer.Ordinal)
        .ThenBy(p => p.Protocol)
        .ThenBy(p => p.HostPort)
        .ThenBy(p => p.HostIp?.ToString() ?? "", StringComparer.Ordinal)
        .ThenBy(p => p.ContainerIp.ToString(), StringComparer.Ordinal)
        .ThenBy(p => p.ContainerPort);

    private static string IpKeyword(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? "ip6" : "ip";

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

    // Docker may hand over the gateway address. nft would mask it too, but then the script would
    // differ from the listing.
    private static IPAddress Mask(IPAddress address, int prefixLength)
    {
        var bytes = address.GetAddressBytes();
        for (int i = 0; i < bytes.Length; i++)
        {
            int keep = Math.Clamp(prefixLength - i * 8, 0, 8);
            bytes[i] &= (byte)(0xff << (8 - keep));
        }
        return new IPAddress(bytes);
    }
}
