namespace Csnet.Bench.Report;

/// <summary>Durations of one operation, collected from any number of threads, summarised as percentiles in ms.</summary>
public sealed class Latencies
{
    private readonly List<double> _ms = [];
    private readonly object _lock = new();

    public void Add(TimeSpan elapsed)
    {
        lock (_lock)
        {
            _ms.Add(elapsed.TotalMilliseconds);
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _ms.Count;
            }
        }
    }

    public LatencySummary Summarise()
    {
        double[] sorted;
        lock (_lock)
        {
            sorted = [.. _ms];
        }

        Array.Sort(sorted);
        return sorted.Length == 0
            ? new LatencySummary(0, 0, 0, 0, 0)
            : new LatencySummary(sorted.Length, At(sorted, 0.50), At(sorted, 0.99), sorted[0], sorted[^1]);
    }

    // Nearest-rank percentile: the value below which the given share of samples lies.
    private static double At(double[] sorted, double share) =>
        sorted[Math.Clamp((int)Math.Ceiling(share * sorted.Length) - 1, 0, sorted.Length - 1)];
}

public sealed record LatencySummary(int Count, double P50, double P99, double Min, double Max)
{
    public override string ToString() => $"p50 {P50:0.00} ms, p99 {P99:0.00} ms (min {Min:0.00}, max {Max:0.00}, n={Count})";
}
