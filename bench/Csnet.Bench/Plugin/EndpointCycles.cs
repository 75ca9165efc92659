using System.Diagnostics;
using Csnet.Bench.Report;

namespace Csnet.Bench.Plugin;

/// <summary>
/// What `docker run --rm` asks of a network plugin, repeated by concurrent clients on one network:
/// RequestAddress → CreateEndpoint → Join → Leave → DeleteEndpoint → ReleaseAddress.
/// </summary>
public static class EndpointCycles
{
    public sealed record Result(int Clients, int Cycles, double Seconds, double CyclesPerSecond, LatencySummary CreateJoin, LatencySummary Delete, LatencySummary Cycle,
        IReadOnlyDictionary<string, LatencySummary> PerCall)
    {
        public override string ToString() =>
            $"{CyclesPerSecond:0.0} cycles/s; CreateEndpoint+Join {CreateJoin}; DeleteEndpoint {Delete}; cycle {Cycle}; p50 per call: "
            + string.Join(", ", PerCall.Select(c => $"{c.Key} {c.Value.P50:0.00}"));
    }

    public static async Task<Result> RunAsync(PluginClient client, BenchNetwork network, int clients, TimeSpan duration)
    {
        var createJoin = new Latencies();
        var delete = new Latencies();
        var cycle = new Latencies();
        var perCall = Calls.ToDictionary(c => c, _ => new Latencies());
        var total = Stopwatch.StartNew();
        var until = duration;
        var workers = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (total.Elapsed < until)
            {
                var one = Stopwatch.StartNew();
                await OneCycleAsync(client, network, createJoin, delete, perCall);
                cycle.Add(one.Elapsed);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var seconds = total.Elapsed.TotalSeconds;
        return new Result(clients, cycle.Count, seconds, cycle.Count / seconds, createJoin.Summarise(), delete.Summarise(), cycle.Summarise(),
            perCall.ToDictionary(c => c.Key, c => c.Value.Summarise()));
    }

    private static readonly string[] Calls = ["RequestAddress", "CreateEndpoint", "Join", "Leave", "DeleteEndpoint", "ReleaseAddress"];

    private static async Task<System.Text.Json.JsonElement> Timed(Dictionary<string, Latencies> perCall, string call, Task<System.Text.Json.JsonElement> request)
    {
        var watch = Stopwatch.StartNew();
        var answer = await request;
        perCall[call].Add(watch.Elapsed);
        return answer;
    }

    private static async Task OneCycleAsync(PluginClient client, BenchNetwork network, Latencies createJoin, Latencies delete, Dictionary<string, Latencies> perCall)
    {
        var address = (await Timed(perCall, "RequestAddress", client.PostAsync("/IpamDriver.RequestAddress",
            $$$"""{"PoolID":"{{{network.PoolId}}}","Address":"","Options":{}}"""))).GetProperty("Address").GetString()!;
        var endpointId = BenchNetwork.NewId();
        var ids = $$$"""{"NetworkID":"{{{network.NetworkId}}}","EndpointID":"{{{endpointId}}}"}""";

        var watch = Stopwatch.StartNew();
        await Timed(perCall, "CreateEndpoint", client.PostAsync("/NetworkDriver.CreateEndpoint",
            $$$"""{"NetworkID":"{{{network.NetworkId}}}","EndpointID":"{{{endpointId}}}","Interface":{"Address":"{{{address}}}","AddressIPv6":"","MacAddress":""},"Options":{"com.docker.network.portmap":[],"com.docker.network.endpoint.exposedports":[]}}"""));
        await Timed(perCall, "Join", client.PostAsync("/NetworkDriver.Join",
            $$$"""{"NetworkID":"{{{network.NetworkId}}}","EndpointID":"{{{endpointId}}}","SandboxKey":"/var/run/docker/netns/{{{endpointId[..12]}}}","Options":{"com.docker.network.portmap":[],"com.docker.network.endpoint.exposedports":[]}}"""));
        createJoin.Add(watch.Elapsed);

        await Timed(perCall, "Leave", client.PostAsync("/NetworkDriver.Leave", ids));
        watch.Restart();
        await Timed(perCall, "DeleteEndpoint", client.PostAsync("/NetworkDriver.DeleteEndpoint", ids));
        delete.Add(watch.Elapsed);
        await Timed(perCall, "ReleaseAddress", client.PostAsync("/IpamDriver.ReleaseAddress",
            $$$"""{"PoolID":"{{{network.PoolId}}}","Address":"{{{address.Split('/')[0]}}}"}"""));
    }
}
