using Csnet.Bench.Docker;
using ScottPlot;

namespace Csnet.Bench.Report;

/// <summary>One PNG per measure: the median of each driver as a bar, its min–max as the error bar.</summary>
public static class Charts
{
    public static string Write(SideBySideResult result, string folder)
    {
        Directory.CreateDirectory(folder);
        var plot = new Plot();
        var bars = new[]
        {
            Bar(0, result.Bridge, Colors.SteelBlue),
            Bar(1, result.Csnet, Colors.DarkOrange),
        };
        plot.Add.Bars(bars);
        foreach (var (position, samples) in new[] { (0.0, result.Bridge), (1.0, result.Csnet) })
        {
            // The spread of the runs: a line from the fastest to the slowest.
            var range = plot.Add.Line(position, samples.Min, position, samples.Max);
            range.LineWidth = 2;
            range.Color = Colors.Black;
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([0, 1], ["bridge", "csnet"]);
        plot.Axes.Margins(bottom: 0);
        plot.YLabel("seconds (median, min–max)");
        plot.Title($"{result.Measure}: csnet ÷ bridge = {result.Ratio:0.00}");
        var path = Path.Combine(folder, FileName(result.Measure) + ".png");
        plot.SavePng(path, 640, 420);
        return path;
    }

    public static string FileName(string measure) =>
        System.Text.RegularExpressions.Regex.Replace(measure.ToLowerInvariant(), "[^a-z0-9]+", "-").Trim('-');

    private static Bar Bar(double position, Samples samples, Color color) => new()
    {
        Position = position,
        Value = samples.Median,
        ValueBase = 0,
        FillColor = color,
        Label = $"{samples.Median:0.000} s",
    };
}
