using System.Net;
using System.Net.Sockets;

namespace Csnet.Plugin.Kernel.Nftables;

public static partial class NetworkRulesRenderer
{
    private static void Validate(List<NetworkRules> networks)
    {
        foreach (var network in networks)
        {
            ArgumentNullException.ThrowIfNull(network);
            CheckName(network.NetworkId, nameof(NetworkRules.NetworkId));
            CheckBridge(network);
            CheckSubnet(network);
            if (network.SnatAddress is not null && network.SnatAddress.AddressFamily != network.Subnet.AddressFamily)
            {
                throw new ArgumentException($"network {network.NetworkId}: SNAT address {network.SnatAddress} is not of the subnet's family", "networks");
            }
            foreach (var mapping in network.Ports)
            {
                CheckMapping(network, mapping);
            }
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
        CheckPortClashes(networks);
    }

    // Two mappings for one host port would make the first DNAT rule win silently.
    private static void CheckPortClashes(List<NetworkRules> networks)
    {
        var bound = networks.Where(n => !n.Internal)
            .SelectMany(n => n.Ports.Select(p => (Network: n, Mapping: p)))
            .GroupBy(x => (x.Mapping.Protocol, x.Mapping.HostPort, Family: x.Mapping.ContainerIp.AddressFamily));
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
                            + $"(endpoints {list[i].Mapping.EndpointId} and {list[j].Mapping.EndpointId})",
                            "networks");
                    }
                }
            }
        }
    }

    private static void CheckMapping(NetworkRules network, PortMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        CheckName(mapping.EndpointId, nameof(PortMapping.EndpointId));
        string Problem(string what) =>
            $"network {network.NetworkId}, endpoint {mapping.EndpointId}: {what}";
        if (mapping.Protocol is not (PortMapping.Tcp or PortMapping.Udp or PortMapping.Sctp))
        {
            throw new ArgumentException(Problem($"protocol {mapping.Protocol} is not tcp (6), udp (17) or sctp (132)"), "networks");
        }
        if (mapping.HostPort is < 1 or > 65535 || mapping.ContainerPort is < 1 or > 65535)
        {
            throw new ArgumentException(Problem($"ports {mapping.HostPort}->{mapping.ContainerPort} must be from 1 to 65535"), "networks");
        }
        if (mapping.ContainerIp.AddressFamily != network.Subnet.AddressFamily)
        {
            throw new ArgumentException(Problem($"container address {mapping.ContainerIp} is not of the subnet's family"), "networks");
        }
        if (mapping.HostIp is not null && mapping.HostIp.AddressFamily != mapping.ContainerIp.AddressFamily)
        {
            throw new ArgumentException(Problem($"host address {mapping.HostIp} and container address {mapping.ContainerIp} are of different families"), "networks");
        }
        if (mapping.HostIp is not null && (mapping.HostIp.Equals(IPAddress.Any) || mapping.HostIp.Equals(IPAddress.IPv6Any)))
        {
            throw new ArgumentException(Problem($"host address {mapping.HostIp}: use null for every address"), "networks");
        }
    }

    internal static void CheckName(string value, string what)
    {
        if (string.IsNullOrEmpty(value) || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
        {
            throw new ArgumentException($"{what} '{value}' must be letters, digits, '_', '-' or '.'", what);
        }
    }

    // Sorted, without duplicates and without csnet's own bridges.
    private static List<string> Uplinks(IReadOnlyCollection<string>? uplinks, List<NetworkRules> networks)
    {
        if (uplinks is null)
        {
            return [];
        }
        foreach (var name in uplinks)
        {
            if (!IsSafeInterfaceName(name))
            {
                throw new ArgumentException(
                    $"uplink '{name}' is not a valid interface name (1 to 15 printable characters, no quotes, '/', ':', '*' or spaces)",
                    nameof(uplinks));
            }
        }
        var bridges = networks.Select(n => n.Bridge).ToHashSet(StringComparer.Ordinal);
        return uplinks.Where(u => !bridges.Contains(u)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Whether an interface name can be written into an nft string as it is. Linux allows almost
    /// any byte in an interface name; this refuses what would change the meaning of the nft string:
    /// quotes and backslashes end or escape it, and a trailing '*' is a wildcard.
    /// </summary>
    public static bool IsSafeInterfaceName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 15 && name is not ("." or "..")
        && !name.Any(c => c <= ' ' || c >= 0x7f || c is '"' or '\\' or '/' or ':' or '*');

    private static void CheckBridge(NetworkRules network)
    {
        var bridge = network.Bridge;
        if (!IsSafeInterfaceName(bridge))
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
}
