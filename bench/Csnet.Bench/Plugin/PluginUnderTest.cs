using System.Diagnostics;

namespace Csnet.Bench.Plugin;

/// <summary>
/// csnet started from a build in a network namespace of its own (unshare --net, gone with the
/// process), with a throwaway state folder and socket: its bridges, veths and nftables rules never
/// reach the host's namespace, and nothing is left after Dispose.
/// </summary>
public sealed class PluginUnderTest : IDisposable
{
    private readonly Process _process;
    private readonly string _root;

    private PluginUnderTest(Process process, string root, TimeSpan startToAnswer)
    {
        _process = process;
        _root = root;
        StartToFirstAnswer = startToAnswer;
        Client = new PluginClient(SocketPath);
    }

    public string SocketPath => Path.Combine(_root, "csnet.sock");

    public PluginClient Client { get; }

    /// <summary>From the process start to the first answer of Plugin.Activate.</summary>
    public TimeSpan StartToFirstAnswer { get; }

    public static async Task<PluginUnderTest> StartAsync(string binary, string? root = null)
    {
        root ??= Directory.CreateTempSubdirectory("csnet-bench-").FullName;
        var info = new ProcessStartInfo("unshare", ["--net", "--", binary])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        info.Environment["CSNET_SOCKET"] = Path.Combine(root, "csnet.sock");
        info.Environment["CSNET_STATE_DIR"] = Path.Combine(root, "state");
        // One log line per request is the default; the figures are for that default.
        info.Environment["CSNET_LOG_LEVEL"] = Environment.GetEnvironmentVariable("CSNET_BENCH_LOG_LEVEL") ?? "info";
        // No Docker here: the reconcile pass must not judge the benchmark's endpoints.
        info.Environment["CSNET_DOCKER_SOCKET"] = Path.Combine(root, "no-docker.sock");
        info.Environment["CSNET_RECONCILE_SECONDS"] = "3600";
        var watch = Stopwatch.StartNew();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {binary}");
        _ = DrainAsync(process.StandardOutput, Path.Combine(root, "csnet.out"));
        _ = DrainAsync(process.StandardError, Path.Combine(root, "csnet.log"));

        using var probe = new PluginClient(Path.Combine(root, "csnet.sock"));
        for (var attempt = 0; attempt < 3000; attempt++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"csnet exited with {process.ExitCode}; log in {root}/csnet.log");
            }

            try
            {
                await probe.PostAsync("/Plugin.Activate", "");
                return new PluginUnderTest(process, root, watch.Elapsed);
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                await Task.Delay(2);
            }
        }

        process.Kill();
        throw new TimeoutException($"csnet did not answer within about 10 s; log in {root}/csnet.log");
    }

    /// <summary>Resident set size of the plugin process (VmRSS) in MB.</summary>
    public double ResidentMegabytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
            }
        }

        return double.NaN;
    }

    public void Dispose()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            // SIGTERM first: csnet closes its database; the namespace and its links go with the process.
            _ = Tmds.Linux.LibC.kill(_process.Id, Tmds.Linux.LibC.SIGTERM);
            if (!_process.WaitForExit(10_000))
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }

        _process.Dispose();
        if (Environment.GetEnvironmentVariable("CSNET_BENCH_KEEP") is null)
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static async Task DrainAsync(StreamReader reader, string path)
    {
        await using var file = new StreamWriter(path);
        while (await reader.ReadLineAsync() is { } line)
        {
            await file.WriteLineAsync(line);
        }
    }
}
