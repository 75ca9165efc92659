namespace Csnet.Plugin.Kernel.Nftables;

/// <summary>
/// A rule as the kernel lists it: where it is, its handle, its comment and its expressions (the
/// JSON "expr" array as listed, with counter values zeroed so that traffic does not change it).
/// </summary>
public sealed record InstalledRule(string Family, string Table, string Chain, ulong Handle, string? Comment, string Expression = "")
{
    public RuleKey Key => new(Family, Table, Chain, Comment);
}
