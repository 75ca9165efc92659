using System.Diagnostics;
using Csnet.Bench.Report;

namespace Csnet.Bench.Plugin;

/// <summary>
/// RequestAddress and ReleaseAddress over the socket with a growing number of addresses in use:
/// the pool is filled to each level by concurrent clients, then single request/release pairs are
/// timed, so the level stays where it is while it is measured.
/// </summary>
public static class IpamScale
{
    public sealed record Level(int InUse, double FillSeconds, LatencySummary Request, LatencySummary Release);

    public static async IAsyncEnumerable<Level> RunAsync(PluginClient client, IReadOnlyList<int> levels, int samples)
    {
        // A /8 holds 16 million addresses: room for 10^6 in use without the pool filling up.
        var pool = (await client.PostAsync("/IpamDriver.RequestPool",
            """{"AddressSpace":"LocalDefault","Pool":"10.0.0.0/8","SubPool":"","Options":{},"V6":false}""")).GetProperty("PoolID").GetString()!;
        var inUse = 0;
        foreach (var level in levels)
        {
            var fill = Stopwatch.StartNew();
            await FillAsync(client, pool, level - inUse);
            inUse = level;
            var fillSeconds = fill.Elapsed.TotalSeconds;

            var request = new Latencies();
            var release = new Latencies();
            for (var i = 0; i < samples; i++)
            {
                var watch = Stopwatch.StartNew();
                var address = (await client.PostAsync("/IpamDriver.RequestAddress",
                    $$$"""{"PoolID":"{{{pool}}}","Address":"","Options":{}}""")).GetProperty("Address").GetString()!;
                request.Add(watch.Elapsed);
                watch.Restart();
                await client.PostAsync("/IpamDriver.ReleaseAddress", $$$"""{"PoolID":"{{{pool}}}","Address":"{{{address.Split('/')[0]}}}"}""");
                release.Add(watch.Elapsed);
            }

            yield return new Level(level, fillSeconds, request.Summarise(), release.Summarise());
        }
    }

    private static async Task FillAsync(PluginClient client, string pool, int count)
    {
        var left = count;
        var workers = Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Decrement(ref left) >= 0)
            {
                await client.PostAsync("/IpamDriver.RequestAddress", $$$"""{"PoolID":"{{{pool}}}","Address":"","Options":{}}""");
            }
        }));
        await Task.WhenAll(workers);
    }
}
