using Csnet.Bench.Allocator;
using Csnet.Bench.Docker;
using Csnet.Bench.Kernel;
using Csnet.Bench.Plugin;
using Csnet.Bench.Report;

// csnet-bench [kernel|plugin|ipam|allocator|docker|all] [--binary PATH] [--out DIR] [--seconds N] [--clients 1,8,32]
//             [--levels 1000,10000,100000] [--pairs 200] [--rounds 20] [--parallel-rounds 5] [--batch-rounds 3] [--page FILE]
// Figures only: nothing here asserts a speed. Every namespace, container, network and temp folder
// it makes is gone when it ends.
var verb = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "all";
string Option(string name, string fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}

int[] Numbers(string name, string fallback) => [.. Option(name, fallback).Split(',').Select(int.Parse)];

ThreadPool.SetMinThreads(128, 128);
var binary = Path.GetFullPath(Option("--binary", "plugin/bin/Release/net10.0/csnet"));
var outDir = Path.GetFullPath(Option("--out", "bench/out"));
var seconds = double.Parse(Option("--seconds", "10"));
var machine = Machine.Describe();
var results = new BenchResults(machine);
Console.WriteLine($"machine    {machine}");

if (verb is "kernel" or "all")
{
    results.Add("kernel", "veth limit", VethLimit.Run(int.Parse(Option("--pairs", "200"))));
}

if (verb is "plugin" or "all")
{
    using var plugin = await PluginUnderTest.StartAsync(binary);
    results.Add("plugin", "binary", binary);
    results.Add("plugin", "start to first answer ms", plugin.StartToFirstAnswer.TotalMilliseconds);
    results.Add("plugin", "idle RSS MB", plugin.ResidentMegabytes());
    var network = await BenchNetwork.CreateAsync(plugin.Client, "10.201.0.0/16");
    // A short warm-up, so the first figures do not include the JIT compiling the request paths.
    await EndpointCycles.RunAsync(plugin.Client, network, 4, TimeSpan.FromSeconds(2));
    foreach (var clients in Numbers("--clients", "1,8,32"))
    {
        results.Add("plugin", $"endpoint cycles, {clients} clients", await EndpointCycles.RunAsync(plugin.Client, network, clients, TimeSpan.FromSeconds(seconds)));
    }

    results.Add("plugin", "RSS after cycles MB", plugin.ResidentMegabytes());
}

if (verb is "ipam" or "all")
{
    using var plugin = await PluginUnderTest.StartAsync(binary);
    await foreach (var level in IpamScale.RunAsync(plugin.Client, Numbers("--levels", "1000,10000,100000"), samples: 500))
    {
        results.Add("ipam", $"{level.InUse} in use", level);
    }

    results.Add("ipam", "RSS at the last level MB", plugin.ResidentMegabytes());
}

if (verb is "allocator" or "all")
{
    foreach (var figure in AllocatorCore.Run(Path.Combine(Path.GetTempPath(), "csnet-bench-bdn")))
    {
        results.Add("allocator", $"{figure.InUse} in use, {figure.Layout}, {figure.Operation}", figure);
    }
}

var docker = new List<SideBySideResult>();
var engineName = "";
if (verb is "docker" or "all")
{
    using var engine = EngineUnderTest.Start(binary);
    engineName = $"dockerd {engine.Daemon.Version} ({engine.Daemon.Binary})";
    results.Add("docker", "engine", engineName);
    var options = new SideBySideOptions(int.Parse(Option("--rounds", "20")), int.Parse(Option("--parallel-rounds", "5")), int.Parse(Option("--batch-rounds", "3")));
    foreach (var result in new SideBySide(engine.Daemon, options).Run())
    {
        docker.Add(result);
        results.Add("docker", result.Measure, new
        {
            bridge = new { median = result.Bridge.Median, min = result.Bridge.Min, max = result.Bridge.Max, failures = result.Bridge.Failures, seconds = result.Bridge.Seconds },
            csnet = new { median = result.Csnet.Median, min = result.Csnet.Min, max = result.Csnet.Max, failures = result.Csnet.Failures, seconds = result.Csnet.Seconds },
            ratio = result.Ratio,
        }, quiet: true);
        Charts.Write(result, Path.Combine(outDir, "charts"));
    }
}

results.Write(Path.Combine(outDir, $"bench-{verb}.json"));
if (Option("--page", "") is { Length: > 0 } page && docker.Count > 0)
{
    BenchmarksPage.Write(page, machine, engineName, docker, results.Lines, Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(page))!, Path.Combine(outDir, "charts")));
}
