namespace Csnet.Bench.Docker;

/// <summary>Seconds per run of one measure on one driver, and the failures counted on the way.</summary>
public sealed class Samples
{
    private readonly List<double> _seconds = [];

    public int Failures { get; set; }

    public IReadOnlyList<double> Seconds => _seconds;

    public void Add(double seconds) => _seconds.Add(seconds);

    public double Median
    {
        get
        {
            if (_seconds.Count == 0)
            {
                return double.NaN;
            }

            var sorted = _seconds.Order().ToArray();
            var middle = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }
    }

    public double Min => _seconds.Count == 0 ? double.NaN : _seconds.Min();

    public double Max => _seconds.Count == 0 ? double.NaN : _seconds.Max();
}

/// <summary>One measure on both drivers.</summary>
public sealed record SideBySideResult(string Measure, Samples Bridge, Samples Csnet)
{
    public double Ratio => Csnet.Median / Bridge.Median;
}
