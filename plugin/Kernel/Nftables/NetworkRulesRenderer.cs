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
/// by hand is repaired. Networks are sorted by id, so the same set renders to the same text.
/// </remarks>
public static class NetworkRulesRenderer
{
    public const string DefaultTable = "csnet";

    /// <summary>Every csnet rule carries this comment prefix, followed by the first 12 characters of the network id.</summary>
    public const string CommentPrefix = "csnet:";

    /// <summary>Base chain names in csnet's table.</summary>
    public const string ForwardChain = "forward";
    public const string PostroutingChain = "postrouting";

    /// <param name="networks">Every csnet network; an empty set removes csnet's table and all csnet rules.</param>
    /// <param name="hostChains">The host's iptables-nft FORWARD chains (see <see cref="HostForwardChain"/>).</param>
    /// <param name="table">Name of csnet's own <c>inet</c> table.</param>
    /// <exception cref="ArgumentException">A network id, bridge name or subnet cannot be rendered safely, or two networks clash.</exception>
    public static string Render(
        IReadOnlyCollection<NetworkRules> networks,
        IReadOnlyCollection<HostForwardChain> hostChains,
        string table = DefaultTable)
    {
        ArgumentNullException.ThrowIfNull(networks);
        ArgumentNullException.ThrowIfNull(hostChains);
        CheckName(table, nameof(table));
        var sorted = networks.OrderBy(n => n.NetworkId, StringComparer.Ordinal).ToList();
        Validate(sorted);
        var families = hostChains.Select(c => c.Family).Distinct().Order().ToList();

        var script = new StringBuilder();
        script.Append($"add table inet {table}\n");
        script.Append($"delete table inet {table}\n");
        if (sorted.Count > 0)
        {
            RenderTable(script, table, sorted, families);
        }
        foreach (var chain in hostChains.OrderBy(c => c.Family))
        {
            RenderHostChain(script, chain, sorted);
        }
        return script.ToString();
    }

    /// <summary>The comment on every rule of a network: <c>csnet:</c> and the id's first 12 characters, like Docker's short ids.</summary>
    public static string Comment(string networkId) =>
        CommentPrefix + (networkId.Length > 12 ? networkId[..12] : networkId);

    private static void RenderTable(StringBuilder script, string table, List<NetworkRules> networks, List<NftFamily> hostFamilies)
    {
        script.Append($"table inet {table} {{\n");

        // Priority filter - 1 runs before iptables-nft's FORWARD (priority filter). A drop here is
        // final for the packet; an accept here only passes it on to the next base chain.
        script.Append($"\tchain {ForwardChain} {{\n");
        script.Append("\t\ttype filter hook forward priority filter - 1; policy accept;\n");
        foreach (var network in networks.Where(n => !n.Internal))
        {
            var others = networks.Where(n => n != network).Select(n => Quote(n.Bridge)).ToList();
            if (others.Count == 0)
            {
                continue;
            }
            var to = others.Count == 1 ? others[0] : $"{{ {string.Join(", ", others)} }}";
            script.Append($"\t\tiifname {Quote(network.Bridge)} oifname {to} counter drop comment \"{Comment(network.NetworkId)}\"\n");
        }
        foreach (var network in networks.Where(n => n.Internal))
        {
            var bridge = Quote(network.Bridge);
            script.Append($"\t\tiifname {bridge} oifname != {bridge} counter drop comment \"{Comment(network.NetworkId)}\"\n");
            script.Append($"\t\toifname {bridge} iifname != {bridge} counter drop comment \"{Comment(network.NetworkId)}\"\n");
        }
        foreach (var network in networks.Where(n => !n.Icc))
        {
            // Frames between two ports of one bridge reach this hook only through br_netfilter.
            var bridge = Quote(network.Bridge);
            script.Append($"\t\tiifname {bridge} oifname {bridge} counter drop comment \"{Comment(network.NetworkId)}\"\n");
        }
        if (hostFamilies.Count > 0)
        {
            // The host's FORWARD chain gets a plain "oifname <bridge> accept" (see RenderHostChain),
            // so the "only replies may enter" half of that rule lives here, where ct works.
            // Bit list, not "!= established,related": nft turns that into "state != 6", always true.
            var nfproto = hostFamilies.Count == 2 ? "" : hostFamilies[0] == NftFamily.Ip ? "meta nfproto ipv4 " : "meta nfproto ipv6 ";
            foreach (var network in networks.Where(n => !n.Internal))
            {
                var bridge = Quote(network.Bridge);
                script.Append($"\t\t{nfproto}oifname {bridge} iifname != {bridge} ct state invalid,new,untracked counter drop comment \"{Comment(network.NetworkId)}\"\n");
            }
        }
        script.Append("\t}\n");

        script.Append($"\tchain {PostroutingChain} {{\n");
        script.Append("\t\ttype nat hook postrouting priority srcnat; policy accept;\n");
        foreach (var network in networks.Where(n => n.Masquerade && !n.Internal))
        {
            var match = network.Subnet.AddressFamily == AddressFamily.InterNetworkV6 ? "ip6 saddr" : "ip saddr";
            var subnet = $"{Mask(network.Subnet, network.PrefixLength)}/{network.PrefixLength}";
            script.Append($"\t\t{match} {subnet} oifname != {Quote(network.Bridge)} counter masquerade comment \"{Comment(network.NetworkId)}\"\n");
        }
        script.Append("\t}\n");

        script.Append("}\n");
    }

    /// <summary>
    /// The host exception: dockerd's FORWARD policy DROP also drops csnet's traffic, same-bridge
    /// frames included (br_netfilter), and no accept in another base chain can override a drop.
    /// Only expressions iptables-nft 1.8.9 can parse are used (meta iifname/oifname, counter,
    /// comment as rule userdata): a single "ct" expression makes it call the whole chain
    /// incompatible, and then dockerd's own iptables calls on FORWARD fail.
    /// </summary>
    private static void RenderHostChain(StringBuilder script, HostForwardChain chain, List<NetworkRules> networks)
    {
        var name = $"{Family(chain.Family)} {HostForwardChain.Table} {HostForwardChain.Chain}";
        foreach (var handle in chain.CsnetRuleHandles.Order())
        {
            script.Append($"delete rule {name} handle {handle}\n");
        }
        foreach (var network in networks)
        {
            var bridge = Quote(network.Bridge);
            var comment = Comment(network.NetworkId);
            script.Append($"add rule {name} iifname {bridge} counter accept comment \"{comment}\"\n");
            script.Append($"add rule {name} oifname {bridge} counter accept comment \"{comment}\"\n");
        }
    }

    internal static string Family(NftFamily family) => family switch
    {
        NftFamily.Ip => "ip",
        NftFamily.Ip6 => "ip6",
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "unknown nftables family"),
    };

    private static void Validate(List<NetworkRules> networks)
    {
        foreach (var network in networks)
        {
            ArgumentNullException.ThrowIfNull(network);
            CheckName(network.NetworkId, nameof(NetworkRules.NetworkId));
            CheckBridge(network);
            CheckSubnet(network);
        }
        var duplicateId = networks.GroupBy(n => Comment(n.NetworkId)).FirstOrDefault(g => g.Count() > 1);
        if (duplicateId is not null)
        {
            throw new ArgumentException($"two networks share the id prefix '{duplicateId.Key}'", "networks");
        }
        var duplicateBridge = networks.GroupBy(n => n.Bridge).FirstOrDefault(g => g.Count() > 1);
        if (duplicateBridge is not null)
        {
            throw new ArgumentException($"networks {string.Join(", ", duplicateBridge.Select(n => n.NetworkId))} share bridge '{duplicateBridge.Key}'", "networks");
        }
    }

    internal static void CheckName(string value, string what)
    {
        if (string.IsNullOrEmpty(value) || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
        {
            throw new ArgumentException($"{what} '{value}' must be letters, digits, '_', '-' or '.'", what);
        }
    }

    // Linux allows almost any byte in an interface name; refuse what would change the meaning of
    // the nft string: quotes and backslashes end or escape it, and a trailing '*' is a wildcard.
    private static void CheckBridge(NetworkRules network)
    {
        var bridge = network.Bridge;
        if (string.IsNullOrEmpty(bridge) || bridge.Length > 15 || bridge is "." or ".."
            || bridge.Any(c => c <= ' ' || c >= 0x7f || c is '"' or '\\' or '/' or ':' or '*'))
        {
            throw new ArgumentException(
                $"network {network.NetworkId}: bridge name '{bridge}' is not a valid interface name (1 to 15 printable characters, no quotes, '/', ':', '*' or spaces)",
                "networks");
        }
    }

    private static void CheckSubnet(NetworkRules network)
    {
        var bits = network.Subnet.AddressFamily switch
        {
            AddressFamily.InterNetwork => 32,
            AddressFamily.InterNetworkV6 => 128,
            _ => throw new ArgumentException($"network {network.NetworkId}: subnet {network.Subnet} is not IPv4 or IPv6", "networks"),
        };
        if (network.PrefixLength < 0 || network.PrefixLength > bits)
        {
            throw new ArgumentException($"network {network.NetworkId}: prefix length {network.PrefixLength} is not from 0 to {bits}", "networks");
        }
    }

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
