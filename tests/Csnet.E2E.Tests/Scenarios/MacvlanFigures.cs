using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Csnet.E2E.Tests.Harness;
using Xunit.Abstractions;

namespace Csnet.E2E.Tests.Scenarios;

/// <summary>
/// Figures for the macvlan mode's closing note, not a check: only with CSNET_E2E_FIGURES=1 (so
/// <c>make test</c> stays within its time). Per driver: the wall time of <c>docker run -d</c> on a
/// macvlan network (Docker's macvlan, csnet with and without the LAN probe), csnet's own time per
/// RequestAddress, CreateEndpoint and Join (its request log), and ping round trips both ways.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed partial class MacvlanFigures(E2EFixture fixture, ITestOutputHelper output)
{
    private const int Runs = 10;

    [SkippableTheory]
    [InlineData(Drivers.Macvlan, true)]
    [InlineData(Drivers.Csnet, true)]
    [InlineData(Drivers.Csnet, false)]
    public void MacvlanLatencyAndRoundTrips(string driver, bool probe)
    {
        Skip.IfNot(Environment.GetEnvironmentVariable("CSNET_E2E_FIGURES") == "1", "figures only with CSNET_E2E_FIGURES=1");
        using var t = TestScope.Begin(fixture, output, driver);
        var net = t.Net(62);
        var lan = t.CreateLan("lan", $"{net}.1/24");
        string[] shim = t.IsCsnet ? ["-o", $"csnet.host_shim={net}.250"] : [];
        string[] noProbe = t.IsCsnet && !probe ? ["-o", "csnet.probe=false"] : [];
        var network = t.CreateMacvlanNetwork("fig", lan.Parent, [.. shim, .. noProbe, "--subnet", $"{net}.0/24", "--gateway", $"{net}.1"]);
        var label = t.IsCsnet ? $"csnet macvlan, probe {(probe ? "on" : "off")}" : "Docker macvlan";

        var logStart = PluginLogLength();
        var runs = new List<double>();
        var containers = new List<string>();
        for (var i = 0; i < Runs; i++)
        {
            var watch = Stopwatch.StartNew();
            containers.Add(t.StartContainer($"c{i}", network));
            runs.Add(watch.Elapsed.TotalMilliseconds);
        }
        t.Log($"FIGURE {label}: docker run -d x{Runs}: median {Median(runs):F0} ms, min {runs.Min():F0}, max {runs.Max():F0}");
        if (t.IsCsnet)
        {
            foreach (var (method, durations) in PluginDurations(logStart))
                t.Log($"FIGURE {label}: {method} x{durations.Count}: median {Median(durations):F1} ms, max {durations.Max():F1}");
        }

        var ip = t.ContainerIp(containers[0], network);
        t.Log($"FIGURE {label}: container -> LAN host: {Rtt(t.Exec(containers[0], "ping", "-c", "5", "-i", "0.2", "-W", "1", $"{net}.1").Stdout)}");
        t.Log($"FIGURE {label}: LAN host -> container: {Rtt(HostPing(t, lan.Netns, ip))}");
        if (t.IsCsnet)
        {
            t.Log($"FIGURE {label}: host -> container (shim): {Rtt(HostPing(t, null, ip))}");
            t.Log($"FIGURE {label}: container -> host (shim): {Rtt(t.Exec(containers[0], "ping", "-c", "5", "-i", "0.2", "-W", "1", $"{net}.250").Stdout)}");
        }
        t.Passed();
    }

    private long PluginLogLength() => fixture.Plugin is { } p && File.Exists(p.StderrPath) ? new FileInfo(p.StderrPath).Length : 0;

    /// <summary>csnet's request log since <paramref name="from"/>: duration per method of interest.</summary>
    private Dictionary<string, List<double>> PluginDurations(long from)
    {
        var result = new Dictionary<string, List<double>>();
        if (fixture.Plugin is not { } plugin || !File.Exists(plugin.StderrPath))
            return result;
        using var stream = new FileStream(plugin.StderrPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(Math.Min(from, stream.Length), SeekOrigin.Begin);
        var text = new StreamReader(stream).ReadToEnd();
        foreach (Match m in RequestLine().Matches(text))
        {
            var method = m.Groups["method"].Value;
            if (!result.TryGetValue(method, out var list))
                result[method] = list = [];
            list.Add(double.Parse(m.Groups["ms"].Value, CultureInfo.InvariantCulture));
        }
        return result;
    }

    private static string HostPing(TestScope t, string? netns, string target)
    {
        string[] ping = [TestScope.HostBusybox, "ping", "-c", "5", "-i", "0.2", "-W", "1", target];
        string[] args = netns is null ? ping : ["ip", "netns", "exec", netns, .. ping];
        return ProcessRunner.Run(args[0], args.Skip(1), TimeSpan.FromSeconds(15)).Stdout;
    }

    private static string Rtt(string pingOutput) =>
        RoundTrip().Match(pingOutput) is { Success: true } m ? $"{m.Groups["loss"].Value} loss, rtt min/avg/max {m.Groups["rtt"].Value} ms" : "no answer: " + pingOutput.Trim();

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    [GeneratedRegex(@"(?<method>(?:IpamDriver|NetworkDriver)\.(?:RequestAddress|CreateEndpoint|Join)) .*? in (?<ms>[0-9.]+) ms")]
    private static partial Regex RequestLine();

    [GeneratedRegex(@"(?<loss>[0-9.]+% packet) loss[\s\S]*?= (?<rtt>[0-9.]+/[0-9.]+/[0-9.]+) ms")]
    private static partial Regex RoundTrip();
}
