namespace Csnet.Plugin.Kernel.Probe;

/// <summary>How long a probe asks: <see cref="Count"/> probes <see cref="Interval"/> apart, listening until one interval after the last.</summary>
public sealed record ProbeTiming
{
    public int Count { get; init; } = 2;

    public TimeSpan Interval { get; init; } = TimeSpan.FromMilliseconds(100);
}
