using System.Runtime.InteropServices;

namespace Csnet.E2E.Tests.Harness;

/// <summary>Signals by process id; .NET's Process.Kill only sends SIGKILL.</summary>
internal static partial class Native
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int signal);

    public static bool Signal(int pid, int signal) => pid > 1 && SysKill(pid, signal) == 0;

    public static bool IsAlive(int pid) => pid > 1 && Directory.Exists($"/proc/{pid}") && !IsZombie(pid);

    private static bool IsZombie(int pid)
    {
        try
        {
            // /proc/PID/stat: "pid (comm) S ..." – the state letter follows the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            return close > 0 && close + 2 < stat.Length && stat[close + 2] == 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Ids of processes whose command line mentions <paramref name="marker"/> (a unique temp path).</summary>
    public static IReadOnlyList<int> ProcessesMentioning(string marker)
    {
        var result = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(marker, StringComparison.Ordinal))
                {
                    result.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
        return result;
    }

    /// <summary>Bounded wait for a process to go away.</summary>
    public static bool WaitGone(int pid, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (!IsAlive(pid))
            {
                return true;
            }
            Thread.Sleep(100);
        }
        return !IsAlive(pid);
    }
}
