namespace Csnet.Plugin.Kernel.Nftables;

/// <summary>
/// What identifies a csnet rule for the self-repair check: the chain it sits in and its comment.
/// Several rules may share a key; the check compares how many there are of each.
/// </summary>
public readonly record struct RuleKey(string Family, string Table, string Chain, string? Comment) : IComparable<RuleKey>
{
    public int CompareTo(RuleKey other)
    {
        int c = string.CompareOrdinal(Family, other.Family);
        if (c == 0) c = string.CompareOrdinal(Table, other.Table);
        if (c == 0) c = string.CompareOrdinal(Chain, other.Chain);
        if (c == 0) c = string.CompareOrdinal(Comment, other.Comment);
        return c;
    }

    public override string ToString() => $"{Family} {Table} {Chain} \"{Comment}\"";
}
