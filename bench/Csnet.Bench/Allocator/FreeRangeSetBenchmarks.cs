using BenchmarkDotNet.Attributes;
using Csnet.Common.Addressing;
using Csnet.Ipam.Allocation;

namespace Csnet.Bench.Allocator;

/// <summary>
/// The allocator core in process: a release and a take (what a container leaving and the next one
/// arriving cost the IPAM, without the store and the socket), in a pool with <see cref="InUse"/>
/// addresses used. Contiguous: the pool filled from the bottom, as a
/// fresh network fills. Fragmented: every second address of the used block free again (the worst
/// case for the interval set: InUse / 2 intervals).
/// </summary>
[MemoryDiagnoser]
public class FreeRangeSetBenchmarks
{
    private FreeRangeSet _set = null!;
    private UInt128[] _victims = [];
    private int _next;

    [Params(1_000, 10_000, 100_000, 1_000_000)]
    public int InUse { get; set; }

    [Params("contiguous", "fragmented")]
    public string Layout { get; set; } = "contiguous";

    [GlobalSetup]
    public void Setup()
    {
        // A /8 of room above the used block, so the lowest free address never runs out.
        var start = (UInt128)0x0A000000;
        _set = new FreeRangeSet(new AddressRange(start, start + (1u << 24) - 1));
        for (var i = 0; i < InUse; i++)
        {
            _set.TryTakeLowest(out _);
        }

        var random = new Random(42);
        if (Layout == "fragmented")
        {
            for (var i = 0; i < InUse; i += 2)
            {
                _set.Release(start + (UInt128)i);
            }
        }

        // Used addresses to release, in a fixed pseudo-random order (odd offsets are used in both layouts).
        _victims = [.. Enumerable.Range(0, 4096).Select(_ => start + (UInt128)(random.Next(InUse / 2) * 2 + 1))];
    }

    /// <summary>A used address released and taken back by address (a container leaving, one with --ip arriving).</summary>
    [Benchmark(Description = "release + take that address")]
    public bool ReleaseThenTakeBack()
    {
        var victim = _victims[_next++ & 4095];
        _set.Release(victim);
        return _set.TryTake(victim);
    }

    /// <summary>The lowest free address taken and released again (the next container arriving, then leaving).</summary>
    [Benchmark(Description = "take lowest + release")]
    public bool TakeLowestThenRelease()
    {
        _set.TryTakeLowest(out var taken);
        return _set.Release(taken);
    }
}
