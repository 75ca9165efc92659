using System.Text;
using Csnet.Plugin.Admin;

namespace Csnet.Plugin.Ctl;

/// <summary>
/// csnetctl doctor's human form: one block per finding (severity, check, what was found wrapped to
/// 100 columns, and the fix under it), problems marked so they stand out, and a closing count.
/// </summary>
public static class DoctorText
{
    public const int Width = 100;

    /// <summary>The finding csnetctl adds itself: whether the plugin runs the build this csnetctl came with.</summary>
    public static FindingView Version(string plugin, string ctl) =>
        plugin == ctl
            ? new FindingView("version", "ok", $"plugin and csnetctl are both {plugin}", null)
            : new FindingView("version", "warning", $"the plugin runs {plugin}, this csnetctl is {ctl}: the plugin was not restarted after an upgrade (or this is another build)",
                "restart the plugin (docker plugin disable csnet && docker plugin enable csnet, or systemctl restart csnet)");

    public static bool HasProblems(IEnumerable<FindingView> findings) => findings.Any(f => f.Severity == "problem");

    public static string Render(IReadOnlyList<FindingView> findings)
    {
        var checkWidth = findings.Select(f => f.Check.Length).DefaultIfEmpty(0).Max();
        var indent = new string(' ', 9 + checkWidth + 2);
        var text = new StringBuilder();
        foreach (var finding in findings)
        {
            var severity = finding.Severity == "problem" ? "PROBLEM" : finding.Severity;
            var first = $"{severity,-7}  {finding.Check.PadRight(checkWidth)}  ";
            Wrap(text, first, indent, finding.Detail);
            if (finding.Fix is { } fix)
                Wrap(text, indent + "fix: ", indent + "     ", fix);
        }
        var problems = findings.Count(f => f.Severity == "problem");
        var warnings = findings.Count(f => f.Severity == "warning");
        text.AppendLine(problems == 0 && warnings == 0
            ? $"healthy: {findings.Count} checks passed"
            : $"{problems} problem(s), {warnings} warning(s) in {findings.Count} checks");
        return text.ToString();
    }

    private static void Wrap(StringBuilder text, string first, string rest, string words)
    {
        var line = new StringBuilder(first);
        var empty = true;
        foreach (var word in words.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!empty && line.Length + 1 + word.Length > Width)
            {
                text.AppendLine(line.ToString().TrimEnd());
                line.Clear().Append(rest);
                empty = true;
            }
            line.Append(empty ? "" : " ").Append(word);
            empty = false;
        }
        text.AppendLine(line.ToString().TrimEnd());
    }
}
