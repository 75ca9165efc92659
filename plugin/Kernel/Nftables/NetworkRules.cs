using System.Net;

namespace Csnet.Plugin.Kernel.Nftables;

/// <summary>
/// What the firewall must do for one csnet network. The firewall renders the full set of these
/// into csnet's own table (and the few forward-accept rules the host's iptables policy forces).
/// </summary>
public sealed record NetworkRules
{
    /// <summary>Docker network ID; rules carry its first 12 characters in their comment.</summary>
    public required string NetworkId { get; init; }
    public required string Bridge { get; init; }
    public required IPAddress Subnet { get; init; }
    public required int PrefixLength { get; init; }

    /// <summary>com.docker.network.bridge.enable_ip_masquerade.</summary>
    public bool Masquerade { get; init; } = true;

    /// <summary>
    /// com.docker.network.bridge.enable_icc: when false, containers on this bridge cannot reach each
    /// other. Takes effect only with br_netfilter loaded and bridge-nf-call-iptables=1.
    /// </summary>
    public bool Icc { get; init; } = true;

    /// <summary>
    /// --internal: nothing is forwarded into or out of the bridge (only traffic between its
    /// containers), and there is no masquerading.
    /// </summary>
    public bool Internal { get; init; }

    /// <summary>Published ports of this network's containers. Ignored on an internal network.</summary>
    public IReadOnlyList<PortMapping> Ports { get; init; } = [];

    /// <summary>
    /// com.docker.network.host_ipv4 (or _ipv6): leaving traffic is SNAT'd to this address instead
    /// of masqueraded. Must be of the subnet's family; only used when <see cref="Masquerade"/> is on.
    /// </summary>
    public IPAddress? SnatAddress { get; init; }
}
