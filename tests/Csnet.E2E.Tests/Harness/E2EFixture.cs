using Xunit.Abstractions;
using Xunit.Sdk;

namespace Csnet.E2E.Tests.Harness;

/// <summary>
/// Everything the scenarios share: an isolated dockerd with FORWARD policy DROP, the busybox image,
/// and (when a build exists) the csnet plugin. Dispose undoes all of it, also after failures; the
/// suite log and, on trouble, the daemon and plugin logs are kept in &lt;repo&gt;/.e2e/.
/// </summary>
public sealed class E2EFixture : IScenarioHost, IDisposable
{
    private readonly IMessageSink _sink;
    private readonly List<string> _suiteLog = [];
    private readonly object _logLock = new();
    private readonly string? _root;
    private readonly HostState? _host;
    private readonly bool _keepLogs;
    private bool _failuresSeen;
    private PluginProcess? _original;

    public E2EFixture(IMessageSink sink)
    {
        _sink = sink;
        RepoRoot = FindRepoRoot();
        var logs = Environment.GetEnvironmentVariable("CSNET_E2E_LOGS");
        LogDir = string.IsNullOrEmpty(logs) ? Path.Combine(RepoRoot, ".e2e") : Path.GetFullPath(logs);
        _keepLogs = Environment.GetEnvironmentVariable("CSNET_E2E_KEEP_LOGS") is "1" or "true";
        DockerUnavailableReason = Preconditions();
        if (DockerUnavailableReason is not null)
        {
            Log("E2E scenarios skip: " + DockerUnavailableReason);
            PluginUnavailableReason = DockerUnavailableReason;
            WriteSuiteLog();
            return;
        }

        _host = HostState.Capture();
        _root = Directory.CreateTempSubdirectory("csnet-e2e-").FullName;
        _host.Save(Path.Combine(_root, "host-before"));
        Log($"temp root {_root}; before: FORWARD policy {_host.ForwardPolicy}, ip_forward {File.ReadAllText("/proc/sys/net/ipv4/ip_forward").Trim()}");
        try
        {
            Daemon = new DockerDaemon(_root, Log);
            Daemon.StartForScenarios();

            PluginUnavailableReason = StartPlugin();
            if (PluginUnavailableReason is not null)
            {
                Log("csnet scenarios skip: " + PluginUnavailableReason);
            }
        }
        catch (Exception e)
        {
            Log("fixture setup failed: " + e);
            if (Daemon is not null)
            {
                Log(Daemon.LogTail(60));
            }
            _failuresSeen = true;
            Cleanup();
            throw;
        }
    }

    public string RepoRoot { get; }

    /// <summary>Where the suite log and, after failures (or with CSNET_E2E_KEEP_LOGS=1), the daemon and plugin logs go: CSNET_E2E_LOGS, default &lt;repo&gt;/.e2e.</summary>
    public string LogDir { get; }

    /// <summary>Null when dockerd runs; otherwise why every scenario skips.</summary>
    public string? DockerUnavailableReason { get; }

    /// <summary>Null when csnet serves its socket; otherwise why csnet scenarios skip.</summary>
    public string? PluginUnavailableReason { get; private set; }

    public DockerDaemon? Daemon { get; private set; }

    public PluginProcess? Plugin { get; private set; }

    /// <summary>Major.minor of the dockerd under test (20.10, 26.1, …); 0.0 before it runs.</summary>
    public Version DaemonVersion => Daemon?.VersionNumber ?? new Version(0, 0);

    /// <summary>Link names present before dockerd started.</summary>
    public IReadOnlySet<string> HostLinksAtStart => _host?.Links ?? new HashSet<string>();

    public CommandResult Docker(params string[] args) => RequireDaemon().Docker(args);

    public CommandResult Docker(TimeSpan timeout, params string[] args) => RequireDaemon().Docker(timeout, args);

    /// <summary>Kills csnet with SIGKILL (a crash). Only for restart scenarios.</summary>
    public void KillPlugin() => (Plugin ?? throw new InvalidOperationException("no plugin")).Kill();

    /// <summary>Starts csnet again on the same state directory; the reason if it does not come up.</summary>
    public string? RestartPlugin()
    {
        var reason = (Plugin ?? throw new InvalidOperationException("no plugin")).TryStart();
        if (reason is not null)
        {
            // Later csnet scenarios would only fail for the same reason; let them skip with it.
            PluginUnavailableReason = "csnet did not come back after a restart: " + reason;
        }
        return reason;
    }

    /// <summary>
    /// Stops the plugin and starts it again on the same state with CSNET_FAULT_EXIT_AT=<paramref name="point"/>:
    /// it SIGKILLs itself right after that step. The next <see cref="RestartPlugin"/> starts it without.
    /// </summary>
    public string? RestartPluginWithFault(string point)
    {
        var plugin = Plugin ?? throw new InvalidOperationException("no plugin");
        plugin.Stop();
        var reason = plugin.TryStart(new Dictionary<string, string> { ["CSNET_FAULT_EXIT_AT"] = point });
        if (reason is not null)
        {
            PluginUnavailableReason = $"csnet did not start with fault point {point}: {reason}";
        }
        return reason;
    }

    /// <summary>Waits (bounded) for a plugin started with a fault point to kill itself; false when it did not.</summary>
    public bool WaitForPluginExit(TimeSpan timeout) => (Plugin ?? throw new InvalidOperationException("no plugin")).WaitForExit(timeout);

    /// <summary>
    /// Stops the plugin and serves the socket with <paramref name="executable"/> on
    /// <paramref name="stateDir"/> instead (an upgrade scenario); <see cref="RestoreOriginalPlugin"/>
    /// goes back. The same log files are used, so diagnostics show both.
    /// </summary>
    public string? SwapPlugin(string executable, string stateDir)
    {
        Plugin?.Stop();
        _original ??= Plugin;
        Plugin = new PluginProcess(executable, _root!, Log, stateDir, PluginEnvironment());
        return Plugin.TryStart();
    }

    /// <summary>The loopback address where the suite's plugin also serves /metrics (CSNET_METRICS_ADDRESS).</summary>
    public const string MetricsAddress = "127.0.0.1:19324";

    /// <summary>
    /// The test daemon's API for the plugin's background reconcile, and passes a few seconds apart
    /// (30 s in production) so convergence scenarios finish in bounded time; metrics on loopback TCP too.
    /// </summary>
    private Dictionary<string, string> PluginEnvironment() => new()
    {
        ["CSNET_DOCKER_SOCKET"] = Daemon!.Socket,
        ["CSNET_RECONCILE_SECONDS"] = "3",
        ["CSNET_RECONCILE_GRACE_SECONDS"] = "5",
        ["CSNET_METRICS_ADDRESS"] = MetricsAddress,
    };

    /// <summary>Back to the suite's own plugin on its own state; the reason if it does not come up.</summary>
    public string? RestoreOriginalPlugin()
    {
        if (_original is null)
        {
            return null;
        }
        Plugin?.Stop();
        Plugin = _original;
        _original = null;
        return RestartPlugin();
    }

    /// <summary>The suite's temp root: scenarios may keep files of their own below it.</summary>
    public string Root => _root ?? throw new InvalidOperationException("no temp root: " + DockerUnavailableReason);

    /// <summary>Where the logs stand now, so a failing scenario can show only its own part.</summary>
    public (long Daemon, long Plugin) LogPositions() =>
        (Daemon is null ? 0 : LogFile.Length(Daemon.LogPath), Plugin is null ? 0 : LogFile.Length(Plugin.StderrPath));

    public string Diagnostics(bool includePlugin, (long Daemon, long Plugin) since = default)
    {
        var text = Daemon?.RelevantLogTail(30, since.Daemon) ?? "";
        if (includePlugin && Plugin is not null)
        {
            text += "\n" + Plugin.LogTail(40, since.Plugin);
        }
        text += "\n" + HostNetworkState();
        return text;
    }

    /// <summary>Links, addresses and firewall of the host: what a reachability failure is usually about.</summary>
    internal static string HostNetworkState()
    {
        var parts = new[]
        {
            ProcessRunner.Run("ip", "-br", "link"),
            ProcessRunner.Run("ip", "-br", "-4", "addr"),
            ProcessRunner.Run("ip", "-4", "route"),
            ProcessRunner.Run("iptables-save"),
            ProcessRunner.Run("nft", "list", "tables"),
        };
        return "--- host network state ---\n" + string.Join('\n', parts.Select(p => $"$ {p.CommandLine}\n{p.Stdout.TrimEnd()}{p.Stderr.TrimEnd()}"));
    }

    public void MarkFailure() => _failuresSeen = true;

    public void Note(string message) => Log(message);

    public void Log(string message)
    {
        var line = $"[csnet-e2e {DateTime.UtcNow:HH:mm:ss.fff}] {message}";
        lock (_logLock)
        {
            _suiteLog.Add(line);
        }
        _sink.OnMessage(new DiagnosticMessage(line));
    }

    public void Dispose()
    {
        if (DockerUnavailableReason is null)
        {
            Cleanup();
        }
    }

    private void Cleanup()
    {
        try
        {
            if (Daemon is not null)
            {
                RemoveEverythingInDaemon();
                Daemon.Stop();
            }
            // After dockerd: its shutdown still talks to the plugin about the networks it tears down.
            Plugin?.Stop();
            if (_root is not null)
            {
                if (_failuresSeen || _keepLogs)
                {
                    KeepLogs();
                }
                Mounts.UnmountAll(_root, Log);
                Mounts.DeleteTree(_root, Log);
            }
            if (_host is not null)
            {
                foreach (var line in _host.Restore())
                {
                    Log(line);
                }
                Log($"after: FORWARD policy {(File.Exists("/proc/sys/net/ipv4/ip_forward") ? HostState.ReadForwardPolicy() : "?")}, ip_forward {File.ReadAllText("/proc/sys/net/ipv4/ip_forward").Trim()}, netns [{string.Join(' ', HostState.NetnsNames())}]");
            }
        }
        catch (Exception e)
        {
            Log("cleanup error: " + e);
        }
        finally
        {
            WriteSuiteLog();
        }
    }

    private void RemoveEverythingInDaemon()
    {
        var containers = Daemon!.Docker("ps", "-aq");
        var ids = containers.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (ids.Length > 0)
        {
            Log($"removing {ids.Length} leftover container(s)");
            Daemon.Docker(TimeSpan.FromSeconds(120), ["rm", "-f", .. ids]);
        }
        var networks = Daemon.Docker("network", "ls", "-q", "--filter", "type=custom");
        var netIds = networks.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (netIds.Length > 0)
        {
            Log($"removing {netIds.Length} leftover network(s)");
            foreach (var id in netIds)
            {
                var rm = Daemon.Docker("network", "rm", id);
                if (!rm.Succeeded)
                {
                    Log(rm.ToString());
                }
            }
        }
    }

    private string? StartPlugin()
    {
        var executable = Environment.GetEnvironmentVariable("CSNET_PLUGIN");
        if (string.IsNullOrEmpty(executable))
        {
            var bin = Path.Combine(RepoRoot, "plugin", "bin");
            executable = Directory.Exists(bin)
                ? Directory.EnumerateDirectories(bin)
                    .Select(config => Path.Combine(config, "net10.0", "csnet"))
                    .Where(File.Exists)
                    .OrderByDescending(File.GetLastWriteTimeUtc)
                    .FirstOrDefault()
                : null;
            if (executable is null)
            {
                return $"plugin build not found: CSNET_PLUGIN is not set and no {Path.Combine(RepoRoot, "plugin", "bin", "*", "net10.0", "csnet")} exists (run 'dotnet build plugin' first)";
            }
        }
        else if (!File.Exists(executable))
        {
            return $"plugin build not found: CSNET_PLUGIN={executable} does not exist";
        }
        Plugin = new PluginProcess(executable, _root!, Log, environment: PluginEnvironment());
        return Plugin.TryStart();
    }

    internal static string? Preconditions()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "needs Linux";
        }
        if (Environment.UserName != "root")
        {
            return $"needs root (running as {Environment.UserName})";
        }
        foreach (var tool in new[] { "ip", "iptables", "iptables-save", "iptables-restore", "nft", "tar", "umount" })
        {
            if (!ProcessRunner.Run("sh", "-c", $"command -v {tool}").Succeeded)
            {
                return $"'{tool}' not found; run tests/e2e/install-deps.sh";
            }
        }
        foreach (var pid in Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => int.TryParse(n, out _)))
        {
            try
            {
                var comm = File.ReadAllText($"/proc/{pid}/comm").Trim();
                if (comm is "dockerd")
                {
                    var stale = File.ReadAllText($"/proc/{pid}/cmdline").Contains("/csnet-e2e-", StringComparison.Ordinal)
                        ? " – left by an aborted E2E run; tests/e2e/cleanup-stale.sh removes it"
                        : "";
                    return $"a dockerd is already running (pid {pid}){stale}; only one dockerd at a time on this machine";
                }
            }
            catch (IOException)
            {
            }
        }
        return null;
    }

    internal static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Plugin.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }

    private DockerDaemon RequireDaemon() =>
        Daemon ?? throw new InvalidOperationException("dockerd is not running: " + DockerUnavailableReason);

    private void KeepLogs()
    {
        var keep = LogDir;
        Directory.CreateDirectory(keep);
        foreach (var file in new[] { Daemon?.LogPath, Plugin?.StderrPath, Plugin?.StdoutPath })
        {
            if (file is not null && File.Exists(file))
            {
                File.Copy(file, Path.Combine(keep, Path.GetFileName(file)), overwrite: true);
            }
        }
        Log($"logs kept in {keep}");
    }

    private void WriteSuiteLog()
    {
        try
        {
            var keep = LogDir;
            Directory.CreateDirectory(keep);
            lock (_logLock)
            {
                File.WriteAllLines(Path.Combine(keep, "last-run.log"), _suiteLog);
            }
        }
        catch (IOException)
        {
        }
    }
}
