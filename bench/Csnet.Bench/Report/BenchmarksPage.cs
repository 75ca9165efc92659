using System.Text;
using Csnet.Bench.Docker;

namespace Csnet.Bench.Report;

/// <summary>docs/benchmarks.md, written anew by each `make bench` from that run's figures.</summary>
public static class BenchmarksPage
{
    public static void Write(string path, string machine, string engine, IReadOnlyList<SideBySideResult> docker, IReadOnlyList<string> pluginLines, string chartFolder)
    {
        var text = new StringBuilder();
        text.AppendLine("# Benchmarks: csnet beside Docker's bridge driver");
        text.AppendLine();
        text.AppendLine($"Written by `make bench` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. Machine: {machine}. Engine: {engine}.");
        text.AppendLine("Docker figures are wall times of the docker CLI on one isolated dockerd, csnet and the bridge");
        text.AppendLine("driver measured alternately; plugin figures come from `csnet-bench` over csnet's socket (no dockerd).");
        text.AppendLine();
        text.AppendLine("| measure | bridge median (min–max) s | csnet median (min–max) s | csnet ÷ bridge | failures bridge/csnet |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var r in docker)
        {
            text.AppendLine($"| {r.Measure} | {r.Bridge.Median:0.000} ({r.Bridge.Min:0.000}–{r.Bridge.Max:0.000}) | {r.Csnet.Median:0.000} ({r.Csnet.Min:0.000}–{r.Csnet.Max:0.000}) | **{r.Ratio:0.00}** | {r.Bridge.Failures}/{r.Csnet.Failures} |");
        }

        text.AppendLine();
        text.AppendLine($"Charts: `{chartFolder}/` (one PNG per measure).");
        if (pluginLines.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("## Plugin level and the kernel's limit");
            text.AppendLine();
            text.AppendLine("```");
            foreach (var line in pluginLines)
            {
                text.AppendLine(line);
            }

            text.AppendLine("```");
        }

        File.WriteAllText(path, text.ToString());
        Console.WriteLine($"written {path}");
    }
}
