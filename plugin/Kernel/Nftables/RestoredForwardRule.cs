using System.Text.Json;

namespace Csnet.Plugin.Kernel.Nftables;

/// <summary>
/// Recognizes csnet's FORWARD accepts after <c>iptables-save | iptables-restore</c>. iptables-restore
/// re-creates <c>-m comment --comment "csnet:…"</c> as an xtables match, which the JSON listing shows
/// as <c>{"xt": {"type": "match", "name": "comment"}}</c> without its text, so the comment-based
/// lookup misses them. Such a rule counts as csnet's only when it has exactly csnet's shape: one
/// <c>iifname</c> or <c>oifname</c> equal to an interface of the current networks or to a name
/// starting with one of the caller's own prefixes, one xt comment match, at most one counter, and accept
/// (last). Anything else (another match such as <c>-m conntrack</c>, a jump, a drop, another
/// interface, a wildcard) is left alone.
/// </summary>
public static class RestoredForwardRule
{
    /// <param name="rule">A rule of a host FORWARD chain, as listed.</param>
    /// <param name="bridges">The interfaces of the current networks.</param>
    /// <param name="ownedPrefixes">Prefixes of interface names the caller generates (its default bridge names).</param>
    public static bool IsCsnetAccept(InstalledRule rule, IReadOnlySet<string> bridges, IReadOnlyList<string> ownedPrefixes)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(bridges);
        if (rule.Comment is not null || string.IsNullOrEmpty(rule.Expression))
        {
            return false;
        }
        try
        {
            using var document = JsonDocument.Parse(rule.Expression);
            return IsCsnetAccept(document.RootElement, bridges, ownedPrefixes);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsCsnetAccept(JsonElement expressions, IReadOnlySet<string> bridges, IReadOnlyList<string> ownedPrefixes)
    {
        if (expressions.ValueKind != JsonValueKind.Array)
        {
            return false;
        }
        var items = expressions.EnumerateArray().ToList();
        if (items.Count is < 3 or > 4 || !IsOnly(items[^1], "accept"))
        {
            return false;
        }
        int interfaces = 0, comments = 0, counters = 0;
        foreach (var item in items.Take(items.Count - 1))
        {
            if (IsOnly(item, "counter"))
            {
                counters++;
            }
            else if (IsXtComment(item))
            {
                comments++;
            }
            else if (InterfaceName(item) is { } name && IsOwnInterface(name, bridges, ownedPrefixes))
            {
                interfaces++;
            }
            else
            {
                return false;
            }
        }
        return interfaces == 1 && comments == 1 && counters <= 1;
    }

    private static bool IsOwnInterface(string name, IReadOnlySet<string> bridges, IReadOnlyList<string> ownedPrefixes) =>
        bridges.Contains(name)
        || ownedPrefixes.Any(prefix => prefix.Length > 0
            && name.StartsWith(prefix, StringComparison.Ordinal)
            && name.Length > prefix.Length
            && !name.Contains('*', StringComparison.Ordinal));

    // {"match": {"op": "==", "left": {"meta": {"key": "iifname"}}, "right": "NAME"}}
    private static string? InterfaceName(JsonElement item)
    {
        if (!IsOnly(item, "match"))
        {
            return null;
        }
        var match = item.GetProperty("match");
        if (match.ValueKind != JsonValueKind.Object
            || !match.TryGetProperty("op", out var op) || op.ValueKind != JsonValueKind.String || op.GetString() != "=="
            || !match.TryGetProperty("left", out var left) || !IsOnly(left, "meta")
            || !match.TryGetProperty("right", out var right) || right.ValueKind != JsonValueKind.String)
        {
            return null;
        }
        var meta = left.GetProperty("meta");
        return meta.ValueKind == JsonValueKind.Object
            && meta.TryGetProperty("key", out var key)
            && key.ValueKind == JsonValueKind.String
            && key.GetString() is "iifname" or "oifname"
            ? right.GetString()
            : null;
    }

    // {"xt": {"type": "match", "name": "comment"}}
    private static bool IsXtComment(JsonElement item) =>
        IsOnly(item, "xt")
        && item.GetProperty("xt") is { ValueKind: JsonValueKind.Object } xt
        && xt.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "match"
        && xt.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String && name.GetString() == "comment";

    // An object with exactly one property, named <paramref name="property"/>.
    private static bool IsOnly(JsonElement item, string property)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return false;
        }
        using var properties = item.EnumerateObject();
        return properties.MoveNext() && properties.Current.Name == property && !properties.MoveNext();
    }
}
