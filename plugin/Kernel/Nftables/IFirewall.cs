namespace Csnet.Plugin.Kernel.Nftables;

/// <summary>
/// csnet's firewall. <see cref="Apply"/> replaces everything csnet owns with exactly the given
/// networks' rules in one nftables transaction: either all of it takes effect or none.
/// </summary>
public interface IFirewall
{
    void Apply(IReadOnlyCollection<NetworkRules> networks);

    /// <summary>
    /// Whether the kernel still holds what <see cref="Apply"/> would install for
    /// <paramref name="networks"/> (cheap: meant to be polled). False after <c>nft flush ruleset</c>,
    /// a deleted rule, csnet's FORWARD rules lost to a rebuild by dockerd or re-created by
    /// <c>iptables-save | iptables-restore</c>, or changed uplinks; then call Apply. Pass a new
    /// collection after any change: the very collection verified last time may be taken as unchanged.
    /// </summary>
    bool IsIntact(IReadOnlyCollection<NetworkRules> networks);

    /// <summary>
    /// What the last <see cref="IsIntact"/> that answered false found (one of <see cref="FirewallDamage"/>'s
    /// values), for the heal metric and csnetctl doctor.
    /// </summary>
    string LastDamage => FirewallDamage.Changed;

    /// <summary>
    /// The host's iptables-nft <c>filter FORWARD</c> chains (dockerd's) and their policies, where csnet
    /// opens its bridges; empty when the host has none (read now, for csnetctl doctor).
    /// </summary>
    IReadOnlyList<HostForwardPolicy> HostForwardPolicies() => [];
}

/// <summary>An iptables-nft FORWARD chain: its family ("ip", "ip6") and policy ("accept", "drop").</summary>
public sealed record HostForwardPolicy(string Family, string Policy);

/// <summary>Kinds of damage <see cref="IFirewall.IsIntact"/> tells apart, as metric label values.</summary>
public static class FirewallDamage
{
    /// <summary>csnet's table or one of its chains is gone (<c>nft flush ruleset</c>, a deleted table).</summary>
    public const string ChainsMissing = "chains_missing";

    /// <summary>A rule csnet installs is missing or one is there that it does not install.</summary>
    public const string RulesMissing = "rules_missing";

    /// <summary>csnet's FORWARD rules were re-created without their handles (iptables-save | iptables-restore).</summary>
    public const string RulesRestored = "rules_restored";

    /// <summary>The rules are there but differ from what csnet installed (an edited rule, changed uplinks).</summary>
    public const string Changed = "rules_changed";

    /// <summary>The ruleset could not be read.</summary>
    public const string Unreadable = "unreadable";

    public static readonly IReadOnlyList<string> All = [ChainsMissing, RulesMissing, RulesRestored, Changed, Unreadable];
}
