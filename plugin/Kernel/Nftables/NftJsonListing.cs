using System.Text.Json;
using System.Text.RegularExpressions;

namespace Csnet.Plugin.Kernel.Nftables;

/// <summary>
/// Reads the chains and rules out of a libnftables JSON listing (<c>{"nftables": [{"chain": …},
/// {"rule": …}]}</c>, libnftables-json(5)). Names, handles and comments are read; a rule's
/// expressions are kept as JSON text, only to compare them with an earlier listing.
/// </summary>
public static partial class NftJsonListing
{
    /// <param name="Policy">A base chain's policy ("accept", "drop"); null for a regular chain.</param>
    public sealed record Chain(string Family, string Table, string Name, string? Policy = null);

    /// <exception cref="NftablesException">The text is not a libnftables JSON listing.</exception>
    public static IReadOnlyList<Chain> Chains(string json) =>
        Objects(json, "chain")
            .Select(c => new Chain(String(c, "family"), String(c, "table"), String(c, "name"),
                c.TryGetProperty("policy", out var policy) && policy.ValueKind == JsonValueKind.String ? policy.GetString() : null))
            .ToList();

    /// <exception cref="NftablesException">The text is not a libnftables JSON listing, or a rule has no handle.</exception>
    public static IReadOnlyList<InstalledRule> Rules(string json) =>
        Objects(json, "rule")
            .Select(r => new InstalledRule(
                String(r, "family"),
                String(r, "table"),
                String(r, "chain"),
                r.TryGetProperty("handle", out var handle) && handle.TryGetUInt64(out var value)
                    ? value
                    : throw Malformed("a rule without handle"),
                r.TryGetProperty("comment", out var comment) && comment.ValueKind == JsonValueKind.String
                    ? comment.GetString()
                    : null,
                r.TryGetProperty("expr", out var expr) ? CounterValues().Replace(expr.GetRawText(), "\"counter\":{}") : ""))
            .ToList();

    [GeneratedRegex(@"""counter"":\s*\{[^{}]*\}")]
    private static partial Regex CounterValues();

    private static List<JsonElement> Objects(string json, string kind)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (!document.RootElement.TryGetProperty("nftables", out var items) || items.ValueKind != JsonValueKind.Array)
            {
                throw Malformed("no \"nftables\" array");
            }
            return items.EnumerateArray()
                .Where(item => item.ValueKind == JsonValueKind.Object && item.TryGetProperty(kind, out _))
                .Select(item => item.GetProperty(kind).Clone())
                .ToList();
        }
        catch (JsonException e)
        {
            throw new NftablesException("read JSON listing", e.Message, e);
        }
    }

    private static string String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw Malformed($"an object without \"{name}\"");

    private static NftablesException Malformed(string what) => new("read JSON listing", $"unexpected listing: {what}");
}
