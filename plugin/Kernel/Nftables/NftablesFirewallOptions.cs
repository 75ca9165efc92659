namespace Csnet.Plugin.Kernel.Nftables;

/// <summary>How <see cref="NftablesFirewall"/> finds what is its own.</summary>
public sealed record NftablesFirewallOptions
{
    /// <summary>Name of the firewall's own <c>inet</c> table.</summary>
    public string Table { get; init; } = NetworkRulesRenderer.DefaultTable;

    /// <summary>
    /// Every tag the caller gives starts with this: in the host's FORWARD chains, where other
    /// programs' rules live too, a rule whose comment starts with it is the firewall's.
    /// </summary>
    public required string TagPrefix { get; init; }

    /// <summary>
    /// Prefixes of interface names the caller generates. <c>iptables-restore</c> drops comment
    /// texts, so a restored accept for such an interface is recognised by its shape and name even
    /// after its network is gone (see <see cref="RestoredForwardRule"/>).
    /// </summary>
    public IReadOnlyList<string> OwnedInterfacePrefixes { get; init; } = [];
}
