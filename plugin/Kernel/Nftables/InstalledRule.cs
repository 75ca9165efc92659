namespace Csnet.Plugin.Kernel.Nftables;

/// <summary>A rule as the kernel lists it: where it is, its handle and its comment.</summary>
public sealed record InstalledRule(string Family, string Table, string Chain, ulong Handle, string? Comment)
{
    public RuleKey Key => new(Family, Table, Chain, Comment);
}
