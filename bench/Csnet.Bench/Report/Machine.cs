namespace Csnet.Bench.Report;

/// <summary>The machine in one line: CPU model and count, memory, kernel, .NET.</summary>
public static class Machine
{
    public static string Describe()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memory = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var gigabytes = memory is null ? "?" : (long.Parse(memory) / 1024.0 / 1024).ToString("0.0");
        var kernel = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        return $"{Environment.ProcessorCount} × {cpu}, {gigabytes} GB, Linux {kernel}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}";
    }
}
