namespace Csnet.Plugin.Kernel.LegacyXtables;

/// <summary>
/// A rule that jumps to ACCEPT with no match but its interfaces (<c>-i csbr+ -j ACCEPT</c>). An
/// interface is iptables' pattern: null for any, a trailing '+' for a prefix.
/// </summary>
public sealed record LegacyAccept(string? In, string? Out)
{
    public bool AcceptsIn(string interfaceName) => Out is null && Matches(In, interfaceName);

    public bool AcceptsOut(string interfaceName) => In is null && Matches(Out, interfaceName);

    private static bool Matches(string? pattern, string name) =>
        pattern is null
        || (pattern.EndsWith('+') ? name.StartsWith(pattern[..^1], StringComparison.Ordinal) : name == pattern);
}
