using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Csnet.Bench.Allocator;

/// <summary>Runs <see cref="FreeRangeSetBenchmarks"/> with BenchmarkDotNet, in this process (no generated project to build).</summary>
public static class AllocatorCore
{
    public sealed record Figure(string Operation, int InUse, string Layout, double MeanNanoseconds, double AllocatedBytes)
    {
        public override string ToString() => $"{MeanNanoseconds / 1000:F3} µs per pair of operations, {AllocatedBytes:F0} B allocated";
    }

    public static IReadOnlyList<Figure> Run(string artifacts)
    {
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .WithArtifactsPath(artifacts)
            .WithOptions(ConfigOptions.DisableLogFile);
        var summary = BenchmarkRunner.Run<FreeRangeSetBenchmarks>(config);
        return [.. summary.Reports.Where(r => r.ResultStatistics is not null).Select(r => new Figure(
            r.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\''),
            (int)r.BenchmarkCase.Parameters["InUse"],
            (string)r.BenchmarkCase.Parameters["Layout"],
            r.ResultStatistics!.Mean,
            r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) ?? 0))];
    }
}
