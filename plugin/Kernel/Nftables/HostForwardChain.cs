namespace Csnet.Plugin.Kernel.Nftables;

/// <summary>
/// An iptables-nft <c>filter FORWARD</c> chain found on the host (dockerd's, usually with policy
/// DROP), and the handles of the csnet rules already in it (by comment, or re-created by
/// iptables-restore: see <see cref="RestoredForwardRule"/>), which the next apply replaces.
/// </summary>
public sealed record HostForwardChain(NftFamily Family, IReadOnlyList<ulong> CsnetRuleHandles)
{
    /// <summary>The table iptables-nft uses for <c>-t filter</c>.</summary>
    public const string Table = "filter";

    /// <summary>The built-in chain dockerd sets to policy DROP.</summary>
    public const string Chain = "FORWARD";
}
