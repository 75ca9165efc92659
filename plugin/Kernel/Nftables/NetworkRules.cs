namespace Csnet.Plugin.Kernel.Nftables;

/// <summary>
/// The firewall mechanisms for one interface (a network's bridge), with a part per address family.
/// The caller decides policy (what is sealed, who may talk to whom, which interfaces are exempt);
/// the renderer only turns these switches into rules. One record per network: its rules share
/// <see cref="Tag"/> as their comment.
/// </summary>
public sealed record NetworkRules
{
    /// <summary>The comment every rule of this network carries (csnet's ownership tag); unique per record.</summary>
    public required string Tag { get; init; }

    /// <summary>The interface the network's traffic enters and leaves by.</summary>
    public required string Interface { get; init; }

    /// <summary>
    /// Nothing is forwarded into or out of the interface (only between its own ports), and no
    /// family rules apply: no NAT, no published ports. When false the interface is isolated
    /// instead: traffic may not go on to other bridges (bar <see cref="IsolationExempt"/> and
    /// DNAT'd connections), and only replies and DNAT'd (or opened) connections may come in.
    /// </summary>
    public bool Sealed { get; init; }

    /// <summary>
    /// Frames between two ports of the interface are dropped (a bridge's ICC off), except DNAT'd
    /// connections when not sealed. Takes effect only with br_netfilter and bridge-nf-call-iptables=1.
    /// </summary>
    public bool DropBetweenPorts { get; init; }

    /// <summary>
    /// Bridges this interface may still forward to although isolated (a host's uplink bridge such
    /// as br0 or vmbr0). Order and duplicates do not matter; interfaces of other records are ignored.
    /// </summary>
    public IReadOnlyList<string> IsolationExempt { get; init; } = [];

    public FamilyRules? IPv4 { get; init; }

    public FamilyRules? IPv6 { get; init; }

    public IEnumerable<FamilyRules> Families => new[] { IPv4, IPv6 }.OfType<FamilyRules>();
}
