using Csnet.Bench.Kernel;
using Csnet.Bench.Plugin;
using Csnet.Bench.Report;

// csnet-bench [plugin|ipam|kernel|all] [--binary PATH] [--out FILE] [--seconds N] [--clients 1,8,32] [--levels 1000,10000,100000] [--pairs 200]
// Figures only: nothing here asserts a speed. Every namespace and temp folder it makes is gone when it ends.
var verb = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "all";
string Option(string name, string fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}

int[] Numbers(string name, string fallback) => [.. Option(name, fallback).Split(',').Select(int.Parse)];

var binary = Path.GetFullPath(Option("--binary", "plugin/bin/Release/net10.0/csnet"));
var output = Option("--out", "bench/out/plugin.json");
var seconds = double.Parse(Option("--seconds", "10"));
var results = new BenchResults($"{Environment.ProcessorCount} cores, {Environment.OSVersion}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");

if (verb is "kernel" or "all")
{
    var pairs = int.Parse(Option("--pairs", "200"));
    results.Add("kernel", "veth limit", VethLimit.Run(pairs));
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

results.Write(output);
