using System.Text.Json;
using System.Text.RegularExpressions;

namespace Csnet.E2E.Tests.Harness;

/// <summary>
/// Reads the host firewall the way an operator would: csnet's own <c>inet csnet</c> table (every
/// csnet rule carries a <c>csnet:&lt;12 chars of the network id&gt;</c> comment) and the csnet rules
/// it keeps in the iptables-nft tables dockerd owns.
/// </summary>
public static partial class HostFirewall
{
    public const string CsnetTable = "csnet";
    public const string CommentPrefix = "csnet:";

    /// <summary>The rules of <c>inet csnet</c> as nft's JSON objects; empty when the table does not exist.</summary>
    public static IReadOnlyList<JsonElement> CsnetRules()
    {
        var result = ProcessRunner.Run("nft", "-j", "list", "table", "inet", CsnetTable);
        if (!result.Succeeded || string.IsNullOrWhiteSpace(result.Stdout))
        {
            return [];
        }
        using var doc = JsonDocument.Parse(result.Stdout);
        return doc.RootElement.GetProperty("nftables").EnumerateArray()
            .Where(o => o.TryGetProperty("rule", out _))
            .Select(o => o.GetProperty("rule").Clone())
            .ToList();
    }

    /// <summary><c>nft list table inet csnet</c> as text (for messages), or why there is none.</summary>
    public static string CsnetTableText()
    {
        var result = ProcessRunner.Run("nft", "list", "table", "inet", CsnetTable);
        return result.Succeeded ? result.Stdout : $"(no table inet {CsnetTable}: {result.Stderr.Trim()})";
    }

    /// <summary>Lines of <c>iptables-save</c> (all tables) and <c>ip6tables-save</c> that carry a csnet comment.</summary>
    public static IReadOnlyList<string> IptablesCsnetLines() =>
        IptablesSaveLines().Where(l => l.Contains(CommentPrefix, StringComparison.Ordinal)).ToList();

    /// <summary>Every rule line ("-A …") of iptables-save and ip6tables-save.</summary>
    public static IReadOnlyList<string> IptablesSaveLines()
    {
        var lines = new List<string>();
        foreach (var tool in new[] { "iptables-save", "ip6tables-save" })
        {
            var result = ProcessRunner.Run(tool);
            if (result.Succeeded)
            {
                lines.AddRange(result.Stdout.Split('\n').Where(l => l.StartsWith("-A ", StringComparison.Ordinal)));
            }
        }
        return lines;
    }

    /// <summary>How many csnet rules exist: in its own table, and in the iptables-nft tables.</summary>
    public static (int Nft, int Iptables) CsnetRuleCounts() => (CsnetRules().Count, IptablesCsnetLines().Count);

    /// <summary>csnet rules whose comment names one of these networks (by id).</summary>
    public static IReadOnlyList<string> RulesNaming(IEnumerable<string> networkIds)
    {
        var comments = networkIds.Select(id => CommentPrefix + (id.Length > 12 ? id[..12] : id)).ToList();
        var nft = CsnetTableText().Split('\n').Where(l => comments.Any(c => l.Contains(c, StringComparison.Ordinal)));
        var ipt = IptablesSaveLines().Where(l => comments.Any(c => l.Contains(c, StringComparison.Ordinal)));
        return nft.Select(l => "nft: " + l.Trim()).Concat(ipt.Select(l => "iptables: " + l)).ToList();
    }

    /// <summary>
    /// The host port of the DNAT rule in <c>inet csnet</c> that sends traffic to
    /// <paramref name="containerIp"/>:<paramref name="containerPort"/>, or null. A remote driver cannot
    /// report the port it picked for <c>-p 80</c> (<c>docker port</c> stays empty), so the firewall is the
    /// only place to read it.
    /// </summary>
    public static int? DnatHostPort(string containerIp, int containerPort)
    {
        foreach (var rule in CsnetRules())
        {
            var text = rule.GetRawText();
            if (!text.Contains("\"dnat\"", StringComparison.Ordinal) || !text.Contains($"\"{containerIp}\"", StringComparison.Ordinal))
            {
                continue;
            }
            foreach (var expr in rule.GetProperty("expr").EnumerateArray())
            {
                if (expr.TryGetProperty("match", out var match)
                    && match.TryGetProperty("left", out var left)
                    && left.TryGetProperty("payload", out var payload)
                    && payload.TryGetProperty("field", out var field) && field.GetString() == "dport"
                    && match.TryGetProperty("right", out var right) && right.ValueKind == JsonValueKind.Number)
                {
                    return right.GetInt32();
                }
            }
        }
        // Not the expected JSON shape (a map, a different match): fall back to the text listing,
        // "... dport 49153 ... dnat ip to 10.70.1.2:80".
        foreach (var line in CsnetTableText().Split('\n'))
        {
            var m = DnatLine().Match(line);
            if (m.Success && m.Groups["ip"].Value == containerIp && m.Groups["cport"].Value == containerPort.ToString())
            {
                return int.Parse(m.Groups["hport"].Value);
            }
        }
        return null;
    }

    [GeneratedRegex(@"dport (?<hport>\d+)\b.*\bdnat (ip )?to (?<ip>[0-9.]+):(?<cport>\d+)")]
    private static partial Regex DnatLine();

    /// <summary>
    /// Handles of the csnet-commented rules in the iptables-nft <c>filter FORWARD</c> chains (ip and
    /// ip6). nft does not show a comment that iptables stored as an xt match (after an
    /// iptables-restore, say), so the rules are matched by position: the n-th rule of the chain in
    /// <c>nft -a list chain</c> is the n-th <c>-A FORWARD</c> line of iptables-save. Taken between two
    /// identical nft listings, so a concurrent change (csnet's healer) cannot mix them up.
    /// </summary>
    public static IReadOnlyList<(string Family, ulong Handle)> CsnetForwardRuleHandles()
    {
        var handles = new List<(string, ulong)>();
        foreach (var (family, save) in new[] { ("ip", "iptables-save"), ("ip6", "ip6tables-save") })
        {
            for (var attempt = 0; attempt < 5; attempt++)
            {
                var first = ProcessRunner.Run("nft", "-a", "list", "chain", family, "filter", "FORWARD");
                if (!first.Succeeded)
                {
                    break;
                }
                var rules = ProcessRunner.Run(save, "-t", "filter").Stdout.Split('\n')
                    .Where(l => l.StartsWith("-A FORWARD ", StringComparison.Ordinal))
                    .ToList();
                var second = ProcessRunner.Run("nft", "-a", "list", "chain", family, "filter", "FORWARD");
                var ruleHandles = first.Stdout.Split('\n')
                    .Where(l => !l.Contains("chain FORWARD", StringComparison.Ordinal))
                    .Select(l => HandleSuffix().Match(l))
                    .Where(m => m.Success)
                    .Select(m => ulong.Parse(m.Groups[1].Value))
                    .ToList();
                if (first.Stdout != second.Stdout || ruleHandles.Count != rules.Count)
                {
                    Thread.Sleep(100);
                    continue;
                }
                handles.AddRange(rules.Zip(ruleHandles)
                    .Where(p => p.First.Contains(CommentPrefix, StringComparison.Ordinal))
                    .Select(p => (family, p.Second)));
                break;
            }
        }
        return handles;
    }

    [GeneratedRegex(@"# handle (\d+)\s*$")]
    private static partial Regex HandleSuffix();

    /// <summary>The host's ephemeral port range (net.ipv4.ip_local_port_range).</summary>
    public static (int Low, int High) EphemeralRange()
    {
        var parts = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        return (int.Parse(parts[0]), int.Parse(parts[1]));
    }
}
