using System.Collections.Concurrent;
using System.Diagnostics;
using Csnet.Ipam.Allocation;
using Csnet.Ipam.Tests.Support;
using Xunit.Abstractions;

namespace Csnet.Ipam.Tests.Allocation;

public class ConcurrencyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RequestAddress_EightWorkersFillSlash16_AllUniqueThenExhausted()
    {
        using var ipam = new IpamHarness();
        var pool = ipam.Pool("10.90.0.0/16");
        var results = new ConcurrentBag<string>();
        var stopwatch = Stopwatch.StartNew();

        var workers = Enumerable.Range(0, 8).Select(_ => Task.Factory.StartNew(() =>
        {
            while (true)
            {
                try
                {
                    results.Add(ipam.Allocator.RequestAddress(pool.PoolId, null, gateway: false).Cidr);
                }
                catch (IpamException e) when (e.Kind == IpamErrorKind.Exhausted)
                {
                    return;
                }
            }
        }, TaskCreationOptions.LongRunning)).ToArray();
        await Task.WhenAll(workers);
        stopwatch.Stop();
        output.WriteLine($"65,534 addresses by 8 workers in {stopwatch.Elapsed.TotalSeconds:F2} s");

        Assert.Equal(65_534, results.Count);
        Assert.Equal(65_534, results.Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain("10.90.0.0/16", results);
        Assert.DoesNotContain("10.90.255.255/16", results);
        Assert.Equal(65_534, ipam.Store.LoadAddresses(pool.PoolId).Count);
        // Typically 10-15 s on 2 cores, nearly all of it LiteDB commits. The bound is loose for busy
        // machines; a per-allocation scan of used addresses would take many minutes here.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(60), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public void RequestAndRelease_ParallelMixedInTwoPools_NeverDuplicates()
    {
        using var ipam = new IpamHarness();
        var pools = new[] { ipam.Pool("10.90.0.0/24").PoolId, ipam.Pool("10.91.0.0/24").PoolId };
        var held = pools.ToDictionary(p => p, _ => new ConcurrentDictionary<string, int>());
        var duplicates = 0;

        Parallel.For(0, 8, worker =>
        {
            var random = new Random(worker);
            var mine = new List<(string Pool, string Address)>();
            for (var i = 0; i < 500; i++)
            {
                var poolId = pools[random.Next(2)];
                if (mine.Count > 20 || (mine.Count > 0 && random.Next(3) == 0))
                {
                    var (releasePool, address) = mine[random.Next(mine.Count)];
                    mine.Remove((releasePool, address));
                    held[releasePool].TryRemove(address, out _);
                    ipam.Allocator.ReleaseAddress(releasePool, address);
                    continue;
                }

                var text = ipam.Allocator.RequestAddress(poolId, null, gateway: false).Text;
                if (!held[poolId].TryAdd(text, worker))
                {
                    Interlocked.Increment(ref duplicates);
                }

                mine.Add((poolId, text));
            }
        });

        Assert.Equal(0, duplicates);
    }

    [Fact]
    public void RequestPool_ParallelAutomatic_DistinctPools()
    {
        using var ipam = new IpamHarness();

        var pools = new ConcurrentBag<string>();
        Parallel.For(0, 16, _ => pools.Add(ipam.Pool(null).Pool.ToString()));

        Assert.Equal(16, pools.Distinct(StringComparer.Ordinal).Count());
    }
}
