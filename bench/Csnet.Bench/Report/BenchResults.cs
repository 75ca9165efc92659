using System.Text.Json;
using System.Text.Json.Nodes;

namespace Csnet.Bench.Report;

/// <summary>Named figures of one run, printed as they come and written as one JSON file at the end.</summary>
public sealed class BenchResults
{
    private readonly JsonObject _root = new();
    private readonly List<string> _lines = [];

    public BenchResults(string machine) => _root["machine"] = machine;

    /// <summary>Keeps a figure; prints it unless <paramref name="quiet"/> (the caller printed its own summary).</summary>
    public void Add(string section, string name, object value, bool quiet = false)
    {
        if (_root[section] is not JsonObject part)
        {
            part = new JsonObject();
            _root[section] = part;
        }

        part[name] = JsonSerializer.SerializeToNode(value, value.GetType(), BenchJson.Options);
        var line = $"{section,-10} {name,-44} {Describe(value)}";
        if (!quiet)
        {
            _lines.Add(line);
            Console.WriteLine(line);
        }
    }

    /// <summary>What was printed, in order, for the benchmarks page.</summary>
    public IReadOnlyList<string> Lines => _lines;

    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, _root.ToJsonString(BenchJson.Options) + "\n");
        Console.WriteLine($"written {path}");
    }

    private static string Describe(object value) => value switch
    {
        double d => d.ToString("0.###"),
        _ => value.ToString() ?? "",
    };
}

internal static class BenchJson
{
    public static readonly JsonSerializerOptions Options = new() { WriteIndented = true, IncludeFields = false };
}
