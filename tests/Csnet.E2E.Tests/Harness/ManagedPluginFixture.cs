using System.Diagnostics;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Csnet.E2E.Tests.Harness;

/// <summary>
/// csnet the way users run it: a managed plugin that dockerd starts from the folder
/// rootfs-build/build.sh made (CSNET_PLUGIN_DIR, default build/plugin), installed with the same
/// script as `make plugin`, its state bind-mounted from this run's temp folder. Its own isolated
/// dockerd, after the suite's has stopped (collections run one after another), and no csnet
/// process of the suite's: two csnets would fight over the nftables table.
/// </summary>
public sealed class ManagedPluginFixture : IScenarioHost, IDisposable
{
    public const string PluginName = "csnet:latest";

    private readonly IMessageSink _sink;
    private readonly string? _root;
    private readonly HostState? _host;
    private bool _failuresSeen;

    public ManagedPluginFixture(IMessageSink sink)
    {
        _sink = sink;
        RepoRoot = E2EFixture.FindRepoRoot();
        PluginDir = Environment.GetEnvironmentVariable("CSNET_PLUGIN_DIR") is { Length: > 0 } dir ? dir : Path.Combine(RepoRoot, "build", "plugin");
        DockerUnavailableReason = E2EFixture.Preconditions();
        PluginUnavailableReason = DockerUnavailableReason ?? MissingPluginDir();
        if (PluginUnavailableReason is not null)
        {
            Log("managed-plugin scenarios skip: " + PluginUnavailableReason);
            return;
        }

        _host = HostState.Capture();
        _root = Directory.CreateTempSubdirectory("csnet-e2e-").FullName;
        _host.Save(Path.Combine(_root, "host-before"));
        StateDir = Path.Combine(_root, "state");
        try
        {
            Daemon = new DockerDaemon(_root, Log);
            Daemon.StartForScenarios();
            var install = Install(PluginDir, "csnet");
            Log($"make plugin's install.sh: {install.Elapsed.TotalMilliseconds:F0} ms (create + enable)\n{install.Stdout.Trim()}");
            if (!install.Succeeded)
            {
                PluginUnavailableReason = "the managed plugin did not install and enable\n" + install + "\n" + Daemon.RelevantLogTail(40);
                Log(PluginUnavailableReason);
                _failuresSeen = true;
            }
        }
        catch (Exception e)
        {
            Log("fixture setup failed: " + e);
            _failuresSeen = true;
            Cleanup();
            throw;
        }
    }

    public string RepoRoot { get; }

    /// <summary>config.json + rootfs/ as rootfs-build/build.sh made them.</summary>
    public string PluginDir { get; }

    /// <summary>The host folder bound at /var/lib/csnet in the plugin (the "state" mount's source).</summary>
    public string StateDir { get; } = "";

    public string Root => _root ?? throw new InvalidOperationException("no temp root");

    public string? DockerUnavailableReason { get; }

    public string? PluginUnavailableReason { get; private set; }

    public DockerDaemon? Daemon { get; private set; }

    public Version DaemonVersion => Daemon?.VersionNumber ?? new Version(0, 0);

    public CommandResult Docker(TimeSpan timeout, params string[] args) => RequireDaemon().Docker(timeout, args);

    public CommandResult Docker(params string[] args) => RequireDaemon().Docker(args);

    /// <summary>rootfs-build/install.sh (what `make plugin` runs) against this run's dockerd.</summary>
    public CommandResult Install(string pluginDir, string name) =>
        RunScript("install.sh", [pluginDir, name], new() { ["STATE_SOURCE"] = StateDir });

    /// <summary>rootfs-build/push.sh (what `make plugin-push` runs) against this run's dockerd.</summary>
    public CommandResult Push(string pluginDir, string reference) => RunScript("push.sh", [pluginDir, reference], []);

    /// <summary>
    /// docker plugin enable, coping with what dockerd does after a start that failed: for a second
    /// or two it still holds the containerd container ("id already in use" on 20.10, "cannot start a
    /// container that has stopped" on 26.1 with containerd 1.7), and it keeps
    /// restarting the plugin in the background, so with good settings again the plugin may come up
    /// by itself ("already enabled"; then its socket must answer). Bounded.
    /// </summary>
    private static bool StillHeldAfterAFailedStart(string stderr) =>
        stderr.Contains("id already in use", StringComparison.Ordinal)
        || stderr.Contains("cannot start a container that has stopped", StringComparison.Ordinal);

    public CommandResult Enable(string plugin, TimeSpan? timeout = null)
    {
        var result = Docker(timeout ?? TimeSpan.FromSeconds(60), "plugin", "enable", plugin);
        for (var i = 0; i < 15 && !result.Succeeded && StillHeldAfterAFailedStart(result.Stderr); i++)
        {
            Thread.Sleep(1000);
            result = Docker(timeout ?? TimeSpan.FromSeconds(60), "plugin", "enable", plugin);
        }
        if (!result.Succeeded && result.Stderr.Contains("already enabled", StringComparison.Ordinal))
        {
            var socket = SocketOf(plugin);
            for (var i = 0; i < 50; i++)
            {
                if (PluginSocket.Answers(socket, TimeSpan.FromSeconds(1)))
                {
                    Log($"{plugin} had come up by itself (dockerd restarted it); its socket answers");
                    return result with { ExitCode = 0 };
                }
                Thread.Sleep(200);
            }
        }
        return result;
    }

    /// <summary>The socket dockerd talks to: /run/docker/plugins/&lt;id&gt;/csnet.sock.</summary>
    public string SocketOf(string plugin) =>
        $"/run/docker/plugins/{Docker("plugin", "inspect", "-f", "{{.Id}}", plugin).Stdout.Trim()}/csnet.sock";

    /// <summary>Stops and starts dockerd on the same roots; enabled plugins and --restart=always containers come back.</summary>
    public void RestartDaemon()
    {
        var daemon = RequireDaemon();
        daemon.Stop();
        daemon.Start();
    }

    /// <summary>Stop, then start, the plugin process only: the readiness figures for the report.</summary>
    public string MeasureEnable(string plugin)
    {
        var disable = Docker("plugin", "disable", "-f", plugin);
        if (!disable.Succeeded)
        {
            return "disable failed: " + disable;
        }
        var socket = SocketOf(plugin);
        var watch = Stopwatch.StartNew();
        using var enable = Process.Start(new ProcessStartInfo(RequireDaemon().Cli, ["plugin", "enable", plugin])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["DOCKER_HOST"] = "unix://" + RequireDaemon().Socket, ["DOCKER_CONFIG"] = Path.Combine(Root, "cli-config") },
        })!;
        long? answered = null;
        while (watch.Elapsed < TimeSpan.FromSeconds(30) && answered is null)
        {
            if (PluginSocket.Answers(socket, TimeSpan.FromMilliseconds(200)))
            {
                answered = watch.ElapsedMilliseconds;
            }
            else
            {
                Thread.Sleep(5);
            }
        }
        enable.WaitForExit(TimeSpan.FromSeconds(30));
        return $"docker plugin enable returned after {watch.ElapsedMilliseconds} ms (exit {(enable.HasExited ? enable.ExitCode : -1)}); " +
               $"the socket first answered /Plugin.Activate {answered?.ToString() ?? "never"} ms after the command started";
    }

    public (long Daemon, long Plugin) LogPositions()
    {
        var position = Daemon is null ? 0 : LogFile.Length(Daemon.LogPath);
        return (position, position);
    }

    /// <summary>The plugin's output is in the dockerd log (plugin=&lt;id&gt;), so one tail serves both.</summary>
    public string Diagnostics(bool includePlugin, (long Daemon, long Plugin) since = default) =>
        (Daemon?.RelevantLogTail(60, since.Daemon) ?? "") + "\n" + E2EFixture.HostNetworkState();

    public void MarkFailure() => _failuresSeen = true;

    public void Note(string message) => Log(message);

    public void Log(string message) =>
        _sink.OnMessage(new DiagnosticMessage($"[csnet-e2e managed {DateTime.UtcNow:HH:mm:ss.fff}] {message}"));

    public void Dispose()
    {
        if (_root is not null)
        {
            Cleanup();
        }
    }

    private CommandResult RunScript(string script, string[] args, Dictionary<string, string> environment)
    {
        var daemon = RequireDaemon();
        environment["DOCKER_HOST"] = "unix://" + daemon.Socket;
        environment["DOCKER_CONFIG"] = Path.Combine(Root, "cli-config");
        environment["DOCKER"] = daemon.Cli;
        return ProcessRunner.Run("bash", [Path.Combine(RepoRoot, "rootfs-build", script), .. args], TimeSpan.FromSeconds(180), environment);
    }

    private string? MissingPluginDir() =>
        File.Exists(Path.Combine(PluginDir, "config.json")) && File.Exists(Path.Combine(PluginDir, "rootfs", "csnet"))
            ? null
            : $"managed plugin folder not found: {PluginDir} has no config.json and rootfs/csnet (run 'make plugin-dir', or set CSNET_PLUGIN_DIR)";

    private void Cleanup()
    {
        try
        {
            if (Daemon is not null)
            {
                var ids = Daemon.Docker("ps", "-aq").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                if (ids.Length > 0)
                {
                    Daemon.Docker(TimeSpan.FromSeconds(120), ["rm", "-f", .. ids]);
                }
                foreach (var network in Daemon.Docker("network", "ls", "-q", "--filter", "type=custom").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    Daemon.Docker("network", "rm", network);
                }
                foreach (var plugin in Daemon.Docker("plugin", "ls", "--format", "{{.Name}}").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    Daemon.Docker("plugin", "disable", "-f", plugin);
                    Daemon.Docker("plugin", "rm", "-f", plugin);
                }
                Daemon.Stop();
            }
            if (_root is not null)
            {
                if (_failuresSeen && Daemon is not null && File.Exists(Daemon.LogPath))
                {
                    var keep = Path.Combine(RepoRoot, ".e2e");
                    Directory.CreateDirectory(keep);
                    File.Copy(Daemon.LogPath, Path.Combine(keep, "managed-dockerd.log"), overwrite: true);
                    Log($"dockerd log (with the plugin's output) kept in {keep}/managed-dockerd.log");
                }
                Mounts.UnmountAll(_root, Log);
                Mounts.DeleteTree(_root, Log);
            }
            foreach (var line in _host?.Restore() ?? [])
            {
                Log(line);
            }
        }
        catch (Exception e)
        {
            Log("cleanup error: " + e);
        }
    }

    private DockerDaemon RequireDaemon() =>
        Daemon ?? throw new InvalidOperationException("dockerd is not running: " + (DockerUnavailableReason ?? PluginUnavailableReason));
}
