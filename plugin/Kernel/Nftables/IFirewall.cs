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
}
