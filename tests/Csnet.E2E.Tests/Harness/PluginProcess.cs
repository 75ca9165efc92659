using System.Diagnostics;

namespace Csnet.E2E.Tests.Harness;

/// <summary>
/// The csnet executable as dockerd sees a v1 plugin: a process listening on
/// /run/docker/plugins/csnet.sock. Can be SIGKILLed and started again on the same state directory.
/// </summary>
public sealed class PluginProcess
{
    public const string SocketPath = "/run/docker/plugins/csnet.sock";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    private readonly Action<string> _log;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private Process? _process;

    /// <param name="stateDir">Where the database lives; &lt;root&gt;/state when null.</param>
    /// <param name="environment">Extra CSNET_* settings for the process.</param>
    public PluginProcess(string executable, string root, Action<string> log, string? stateDir = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        _environment = environment ?? new Dictionary<string, string>();
        Executable = executable;
        StateDir = stateDir ?? Path.Combine(root, "state");
        StderrPath = Path.Combine(root, "csnet.stderr.log");
        StdoutPath = Path.Combine(root, "csnet.stdout.log");
        _log = log;
    }

    public string Executable { get; }

    public string StateDir { get; }

    public string StderrPath { get; }

    public string StdoutPath { get; }

    public int? Pid => _process is { HasExited: false } ? _process.Id : null;

    public string LogTail(int lines = 40, long stderrFrom = 0) =>
        LogFile.Tail(StderrPath, lines, from: stderrFrom) + "\n" + LogFile.Tail(StdoutPath, Math.Min(lines, 15));

    /// <summary>Starts the plugin and waits (bounded) until it answers /Plugin.Activate; the reason on failure.</summary>
    /// <param name="extraEnvironment">Settings for this start only, on top of the constructor's (a fault point, say).</param>
    public string? TryStart(IReadOnlyDictionary<string, string>? extraEnvironment = null)
    {
        if (_process is { HasExited: false })
        {
            return "plugin already running";
        }
        if (File.Exists(SocketPath) && _process is null)
        {
            // A socket we did not make: if something answers on it, it is someone else's plugin.
            if (Answers(TimeSpan.FromSeconds(2)))
            {
                return $"{SocketPath} is already served by another process; not starting a second csnet";
            }
        }
        Directory.CreateDirectory(StateDir);
        Directory.CreateDirectory(Path.GetDirectoryName(SocketPath)!);

        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("exec \"$0\" \"$@\" >>\"$CSNET_E2E_OUT\" 2>>\"$CSNET_E2E_ERR\" </dev/null");
        // A framework-dependent build may be given as its .dll; the apphost "csnet" runs directly.
        if (Executable.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            psi.ArgumentList.Add("dotnet");
        }
        psi.ArgumentList.Add(Executable);
        foreach (var arg in new[] { "--socket", SocketPath, "--state-dir", StateDir })
        {
            psi.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in _environment.Concat(extraEnvironment ?? new Dictionary<string, string>()))
        {
            psi.Environment[key] = value;
        }
        psi.Environment["CSNET_E2E_OUT"] = StdoutPath;
        psi.Environment["CSNET_E2E_ERR"] = StderrPath;
        _log($"starting {Executable} --socket {SocketPath} --state-dir {StateDir}");
        try
        {
            _process = Process.Start(psi);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"cannot start {Executable}: {e.Message}";
        }
        if (_process is null)
        {
            return $"cannot start {Executable}";
        }

        // The socket file alone proves little after a SIGKILL (the old one stays behind), so
        // readiness is an answered /Plugin.Activate.
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                return $"{Executable} exited with code {_process.ExitCode} before serving {SocketPath}\n{LogTail()}";
            }
            if (Answers(TimeSpan.FromSeconds(2)))
            {
                _log($"csnet up (pid {_process.Id})");
                return null;
            }
            Thread.Sleep(200);
        }
        var reason = $"{Executable} did not answer /Plugin.Activate on {SocketPath} within {ReadyTimeout.TotalSeconds:F0} s\n{LogTail()}";
        Kill();
        return reason;
    }

    /// <summary>Waits (bounded) until the process has gone by itself, as after a fault point; false on timeout.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (_process is null)
        {
            return true;
        }
        var exited = _process.WaitForExit(timeout);
        if (exited)
        {
            _log($"csnet (pid {_process.Id}) exited by itself");
        }
        return exited;
    }

    /// <summary>SIGKILL, as a crash would: no shutdown code runs, the socket file stays.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            var pid = _process.Id;
            Native.Signal(pid, Native.SIGKILL);
            _process.WaitForExit(TimeSpan.FromSeconds(10));
            _log($"csnet (pid {pid}) killed with SIGKILL");
        }
    }

    /// <summary>Graceful stop for the end of the suite: SIGTERM, bounded wait, SIGKILL.</summary>
    public void Stop()
    {
        if (_process is { HasExited: false })
        {
            var pid = _process.Id;
            Native.Signal(pid, Native.SIGTERM);
            if (!_process.WaitForExit(TimeSpan.FromSeconds(15)))
            {
                _log("csnet did not stop within 15 s of SIGTERM; sending SIGKILL");
                Kill();
            }
        }
        if (File.Exists(SocketPath) && !Answers(TimeSpan.FromSeconds(1)))
        {
            File.Delete(SocketPath);
        }
    }

    private static bool Answers(TimeSpan timeout) => PluginSocket.Answers(SocketPath, timeout);
}
