namespace Csnet.Plugin.Kernel.Nftables;

public sealed class NftablesFirewall : IFirewall
{
    public void Apply(IReadOnlyCollection<NetworkRules> networks) => throw new PlatformNotSupportedException();
}
