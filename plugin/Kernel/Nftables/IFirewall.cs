namespace Csnet.Plugin.Kernel.Nftables;

/// <summary>
/// csnet's firewall. <see cref="Apply"/> replaces everything csnet owns with exactly the given
/// networks' rules in one nftables transaction: either all of it takes effect or none.
/// </summary>
public interface IFirewall
{
    void Apply(IReadOnlyCollection<NetworkRules> networks);
}
