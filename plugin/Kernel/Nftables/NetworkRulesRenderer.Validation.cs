using System.Net;
using System.Net.Sockets;

namespace Csnet.Plugin.Kernel.Nftables;

public static partial class NetworkRulesRenderer
{
    /// <summary>nft keeps a comment in 128 bytes of rule userdata; longer ones are refused.</summary>
    public const int MaxTagLength = 128;

    private static void Validate(List<NetworkRules> networks)
    {
        foreach (var network in networks)
        {
            ArgumentNullException.ThrowIfNull(network);
            CheckTag(network.Tag);
            CheckInterface(network.Interface, $"network {network.Tag}: interface");
            foreach (var name in network.IsolationExempt)
            {
                CheckInterface(name, $"network {network.Tag}: exempt interface");
            }
            CheckFamily(network, network.IPv4, AddressFamily.InterNetwork);
            CheckFamily(network, network.IPv6, AddressFamily.InterNetworkV6);
        }
        var duplicateTag = networks.GroupBy(n => n.Tag, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicateTag is not null)
        {
            throw new ArgumentException($"two networks share the tag '{duplicateTag.Key}'", "networks");
        }
        var duplicateInterface = networks.GroupBy(n => n.Interface, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicateInterface is not null)
        {
            throw new ArgumentException($"networks {string.Join(", ", duplicateInterface.Select(n => n.Tag))} share interface '{duplicateInterface.Key}'", "networks");
        }
        CheckPortClashes(networks);
    }

    private static void CheckFamily(NetworkRules network, FamilyRules? rules, AddressFamily family)
    {
        if (rules is null)
        {
            return;
        }
        string Problem(string what) => $"network {network.Tag} ({(family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")}): {what}";
        if (rules.Family != family)
        {
            throw new ArgumentException(Problem($"family rules are for {rules.Family}"), "networks");
        }
        if (rules.Subnets.Any(s => s.Family != family))
        {
            throw new ArgumentException(Problem("a subnet is of the other family"), "networks");
        }
        if (rules.SnatAddress is not null && rules.SnatAddress.AddressFamily != family)
        {
            throw new ArgumentException(Problem($"SNAT address {rules.SnatAddress} is of the other family"), "networks");
        }
        if (rules.GuardLoopback && family != AddressFamily.InterNetwork)
        {
            throw new ArgumentException(Problem("the loopback guard exists for IPv4 only"), "networks");
        }
        foreach (var mapping in rules.Ports)
        {
            CheckMapping(mapping, family, Problem);
        }
        foreach (var open in rules.OpenPorts)
        {
            ArgumentNullException.ThrowIfNull(open);
            CheckTag(open.Tag);
            CheckProtocol(open.Protocol, Problem);
            if (open.ContainerPort is < 1 or > 65535 || open.ContainerIp.AddressFamily != family)
            {
                throw new ArgumentException(Problem($"open port {open.ContainerIp}:{open.ContainerPort} is not a port of this family"), "networks");
            }
        }
    }

    // Two mappings for one host port would make the first DNAT rule win silently.
    private static void CheckPortClashes(List<NetworkRules> networks)
    {
        var bound = networks.Where(n => !n.Sealed)
            .SelectMany(n => n.Families.SelectMany(f => f.Ports.Select(p => (Family: f.Family, Mapping: p))))
            .GroupBy(x => (x.Mapping.Protocol, x.Mapping.HostPort, x.Family));
        foreach (var group in bound)
        {
            var list = group.ToList();
            for (int i = 0; i < list.Count; i++)
            {
                for (int j = i + 1; j < list.Count; j++)
                {
                    var (a, b) = (list[i].Mapping.HostIp, list[j].Mapping.HostIp);
                    if (a is null || b is null || a.Equals(b))
                    {
                        throw new ArgumentException(
                            $"host port {ProtocolName(group.Key.Protocol)}/{group.Key.HostPort} on {a?.ToString() ?? "every address"} is published twice "
                            + $"({list[i].Mapping.Tag} and {list[j].Mapping.Tag})",
                            "networks");
                    }
                }
            }
        }
    }

    private static void CheckMapping(PortMapping mapping, AddressFamily family, Func<string, string> problem)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        CheckTag(mapping.Tag);
        string Problem(string what) => problem($"{mapping.Tag}: {what}");
        CheckProtocol(mapping.Protocol, Problem);
        if (mapping.HostPort is < 1 or > 65535 || mapping.ContainerPort is < 1 or > 65535)
        {
            throw new ArgumentException(Problem($"ports {mapping.HostPort}->{mapping.ContainerPort} must be from 1 to 65535"), "networks");
        }
        if (mapping.ContainerIp.AddressFamily != family)
        {
            throw new ArgumentException(Problem($"container address {mapping.ContainerIp} is of the other family"), "networks");
        }
        if (mapping.HostIp is not null && mapping.HostIp.AddressFamily != family)
        {
            throw new ArgumentException(Problem($"host address {mapping.HostIp} is of the other family"), "networks");
        }
        if (mapping.HostIp is not null && (mapping.HostIp.Equals(IPAddress.Any) || mapping.HostIp.Equals(IPAddress.IPv6Any)))
        {
            throw new ArgumentException(Problem($"host address {mapping.HostIp}: use null for every address"), "networks");
        }
        if (mapping.HostIp is not null && family == AddressFamily.InterNetworkV6 && IPAddress.IsLoopback(mapping.HostIp))
        {
            throw new ArgumentException(Problem("::1 cannot be DNAT'd out of the host (IPv6 has no route_localnet)"), "networks");
        }
    }

    private static void CheckProtocol(byte protocol, Func<string, string> problem)
    {
        if (protocol is not (PortMapping.Tcp or PortMapping.Udp or PortMapping.Sctp))
        {
            throw new ArgumentException(problem($"protocol {protocol} is not tcp (6), udp (17) or sctp (132)"), "networks");
        }
    }

    internal static void CheckName(string value, string what)
    {
        if (string.IsNullOrEmpty(value) || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
        {
            throw new ArgumentException($"{what} '{value}' must be letters, digits, '_', '-' or '.'", what);
        }
    }

    /// <summary>A comment nft can hold and that cannot end the quoted string early.</summary>
    internal static void CheckTag(string? tag)
    {
        if (string.IsNullOrEmpty(tag) || tag.Length > MaxTagLength || tag.Any(c => c < ' ' || c >= 0x7f || c is '"' or '\\'))
        {
            throw new ArgumentException($"tag '{tag}' must be 1 to {MaxTagLength} printable ASCII characters without quotes or backslashes", nameof(tag));
        }
    }

    /// <summary>
    /// Whether an interface name can be written into an nft string as it is. Linux allows almost
    /// any byte in an interface name; this refuses what would change the meaning of the nft string:
    /// quotes and backslashes end or escape it, and a trailing '*' is a wildcard.
    /// </summary>
    public static bool IsSafeInterfaceName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 15 && name is not ("." or "..")
        && !name.Any(c => c <= ' ' || c >= 0x7f || c is '"' or '\\' or '/' or ':' or '*');

    private static void CheckInterface(string name, string what)
    {
        if (!IsSafeInterfaceName(name))
        {
            throw new ArgumentException(
                $"{what} '{name}' is not a valid interface name (1 to 15 printable characters, no quotes, '/', ':', '*' or spaces)",
                "networks");
        }
    }
}
