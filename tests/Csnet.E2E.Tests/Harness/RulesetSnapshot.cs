namespace Csnet.E2E.Tests.Harness;

/// <summary>
/// What <c>nft flush ruleset</c> destroys besides csnet's own table, taken just before, so a scenario
/// that flushes can put it back: dockerd's iptables-nft tables through iptables-save/-restore (their
/// xt matches cannot go through <c>nft -f</c>) and any other nftables table as <c>nft list table</c> text.
/// csnet's table is not restored: rebuilding it is the plugin's job.
/// </summary>
public sealed class RulesetSnapshot
{
    private static readonly HashSet<string> IptablesTables = ["filter", "nat", "mangle", "raw", "security"];

    private readonly Dictionary<string, string> _iptables = new();
    private readonly List<(string Table, string Text)> _nftTables = [];

    private RulesetSnapshot()
    {
    }

    public static RulesetSnapshot Take()
    {
        var snapshot = new RulesetSnapshot();
        foreach (var tool in new[] { "iptables", "ip6tables" })
        {
            var save = ProcessRunner.Run(tool + "-save");
            if (!save.Succeeded)
            {
                throw new InvalidOperationException($"{tool}-save failed\n{save}");
            }
            snapshot._iptables[tool] = save.Stdout;
        }
        var tables = ProcessRunner.Run("nft", "list", "tables");
        foreach (var line in tables.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("table ", StringComparison.Ordinal)))
        {
            var parts = line["table ".Length..].Trim().Split(' ');
            var (family, name) = (parts[0], parts[1]);
            if ((family is "ip" or "ip6" && IptablesTables.Contains(name)) || (family == "inet" && name == HostFirewall.CsnetTable))
            {
                continue;
            }
            var text = ProcessRunner.Run("nft", "list", "table", family, name);
            if (!text.Succeeded)
            {
                throw new InvalidOperationException($"cannot save nftables table {family} {name}\n{text}");
            }
            snapshot._nftTables.Add(($"{family} {name}", text.Stdout));
        }
        return snapshot;
    }

    /// <summary>Puts the saved tables back; returns the failures (empty when all went well).</summary>
    public IReadOnlyList<string> Restore()
    {
        var failures = new List<string>();
        foreach (var (tool, save) in _iptables)
        {
            if (!save.Contains("*", StringComparison.Ordinal))
            {
                continue;
            }
            var restore = ProcessRunner.Run(tool + "-restore", [], TimeSpan.FromSeconds(30), stdin: save);
            if (!restore.Succeeded)
            {
                failures.Add(restore.ToString());
            }
        }
        foreach (var (table, text) in _nftTables)
        {
            // Only what the flush removed; a table that is back (its owner rebuilt it) is left alone.
            var parts = table.Split(' ');
            if (ProcessRunner.Run("nft", "list", "table", parts[0], parts[1]).Succeeded)
            {
                continue;
            }
            var restore = ProcessRunner.Run("nft", ["-f", "-"], TimeSpan.FromSeconds(30), stdin: text);
            if (!restore.Succeeded)
            {
                failures.Add($"table {table}: {restore}");
            }
        }
        return failures;
    }

    public string Describe() =>
        $"iptables ({_iptables.Values.Sum(s => s.Split('\n').Count(l => l.StartsWith("-A ", StringComparison.Ordinal)))} rules), " +
        $"other nftables tables: [{string.Join(", ", _nftTables.Select(t => t.Table))}]";
}
