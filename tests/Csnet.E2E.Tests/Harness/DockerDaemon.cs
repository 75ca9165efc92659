using System.Diagnostics;

namespace Csnet.E2E.Tests.Harness;

/// <summary>
/// One isolated dockerd: its own data root, exec root, pidfile, API socket and log file under a
/// unique temp directory, iptables management on (the default), DNS pointed at loopback so nothing
/// is ever resolved outside.
/// </summary>
public sealed class DockerDaemon
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private readonly string _root;
    private readonly Action<string> _log;
    private readonly Dictionary<string, string> _cliEnvironment;
    private Process? _process;

    public DockerDaemon(string root, Action<string> log)
    {
        _root = root;
        _log = log;
        Binary = Resolve(Environment.GetEnvironmentVariable("CSNET_DOCKERD") ?? "dockerd");
        Cli = Resolve(Environment.GetEnvironmentVariable("CSNET_DOCKER_CLI") ?? "docker");
        UnpackRoot = FindUnpackRoot(Binary);
        Socket = Path.Combine(root, "docker.sock");
        LogPath = Path.Combine(root, "dockerd.log");
        _cliEnvironment = new Dictionary<string, string>
        {
            ["DOCKER_HOST"] = "unix://" + Socket,
            // Keeps the CLI away from ~/.docker (contexts, credential helpers, hints).
            ["DOCKER_CONFIG"] = Path.Combine(root, "cli-config"),
            ["DOCKER_CLI_HINTS"] = "false",
        };
    }

    public string Binary { get; }

    /// <summary>
    /// The root of the unpacked Debian packages <see cref="Binary"/> belongs to (e.g.
    /// /opt/csnet-dockerd-26.1 for its usr/sbin/dockerd, see tests/e2e/install-dockerd26.sh); null
    /// for a dockerd installed into / the usual way.
    /// </summary>
    public string? UnpackRoot { get; }

    /// <summary>PATH of the dockerd process: the unpack's own directories first, then the system's.</summary>
    public string DaemonPath { get; private set; } = "";

    public string Cli { get; }

    public string Socket { get; }

    public string LogPath { get; }

    public string ExecRoot => Path.Combine(_root, "exec");

    /// <summary>How containerd was found or started, for the report.</summary>
    public string ContainerdInfo { get; private set; } = "unknown";

    public string Version { get; private set; } = "unknown";

    /// <summary>Major.minor of <see cref="Version"/> ("26.1.5+dfsg1" is 26.1); 0.0 if it is not known.</summary>
    public Version VersionNumber => ParseVersion(Version);

    /// <summary>The server's components as the API reports them (containerd, runc, docker-init versions), for the log.</summary>
    public string Components { get; private set; } = "unknown";

    public string LogTail(int lines = 40) => LogFile.Tail(LogPath, lines);

    /// <summary>The daemon log without containerd's per-container chatter: what explains a network failure.</summary>
    public string RelevantLogTail(int lines = 30, long from = 0) => LogFile.Tail(LogPath, lines, IsRelevant, from);

    private static bool IsRelevant(string line) =>
        !line.Contains("module=grpc", StringComparison.Ordinal)
        && !line.Contains("io.containerd.", StringComparison.Ordinal)
        && !line.Contains("shim", StringComparison.Ordinal)
        && !line.Contains("ignoring event", StringComparison.Ordinal)
        && !line.Contains("starting signal loop", StringComparison.Ordinal)
        && !line.Contains("cleanup warnings", StringComparison.Ordinal);

    public void Start()
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException(
                $"dockerd '{Binary}' not found (CSNET_DOCKERD={Environment.GetEnvironmentVariable("CSNET_DOCKERD") ?? "unset"}); "
                + "run tests/e2e/install-deps.sh, or tests/e2e/install-dockerd26.sh for 26.1");
        }
        Directory.CreateDirectory(Path.Combine(_root, "cli-config"));
        var config = Path.Combine(_root, "daemon.json");
        // An explicit (empty) config file, so a host /etc/docker/daemon.json cannot change the daemon under test.
        File.WriteAllText(config, "{}\n");

        var systemContainerd = File.Exists("/run/containerd/containerd.sock");
        string[] args =
        [
            "--data-root", Path.Combine(_root, "data"),
            "--exec-root", ExecRoot,
            "--pidfile", Path.Combine(_root, "docker.pid"),
            "-H", "unix://" + Socket,
            "--config-file", config,
            "--dns", "127.0.0.1",
            "--shutdown-timeout", "5",
        ];

        // exec through sh so the log is written by the kernel, not by a pipe we must keep draining,
        // and so the pid we hold is dockerd's own.
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("exec \"$0\" \"$@\" >>\"$CSNET_E2E_LOG\" 2>&1 </dev/null");
        psi.ArgumentList.Add(Binary);
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        psi.Environment["CSNET_E2E_LOG"] = LogPath;
        // dockerd finds containerd, docker-proxy and docker-init on its PATH, and the containerd it
        // starts finds its shim and runc on the same PATH: an unpacked dockerd must get its own
        // containerd, shim, docker-proxy and docker-init, while runc (not in the unpack) stays the
        // system's /usr/sbin/runc.
        // A dockerd installed the usual way keeps the environment it inherits.
        DaemonPath = Environment.GetEnvironmentVariable("PATH") ?? "";
        if (UnpackRoot is not null)
        {
            DaemonPath = BuildPath(UnpackRoot);
            psi.Environment["PATH"] = DaemonPath;
            _log($"{Binary} is an unpack under {UnpackRoot}; dockerd PATH={DaemonPath}; "
                + string.Join(", ", new[] { "containerd", "containerd-shim-runc-v2", "runc", "docker-proxy", "docker-init" }
                    .Select(tool => $"{tool} -> {FindOnPath(tool, DaemonPath) ?? "missing"}")));
        }
        _log($"starting {Binary} {string.Join(' ', args)}");
        _process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start dockerd");

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"dockerd exited with {_process.ExitCode} while starting\n{LogTail()}");
            }
            var version = Docker(TimeSpan.FromSeconds(5), "version", "--format", "{{.Server.Version}}");
            if (version.Succeeded)
            {
                Version = version.Stdout.Trim();
                break;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"dockerd did not answer within 60 s\n{version}\n{LogTail()}");
            }
            Thread.Sleep(250);
        }

        var ownSocket = Path.Combine(ExecRoot, "containerd", "containerd.sock");
        ContainerdInfo = File.Exists(ownSocket)
            ? $"dockerd started its own containerd (socket {ownSocket}, pid {ReadPid(Path.Combine(ExecRoot, "containerd", "containerd.pid"))})"
            : systemContainerd
                ? "dockerd uses the system containerd at /run/containerd/containerd.sock"
                : "containerd socket not found where expected; see the dockerd log";
        var components = Docker(TimeSpan.FromSeconds(10), "version", "--format",
            "{{range .Server.Components}}{{.Name}} {{.Version}}; {{end}}");
        Components = components.Succeeded ? components.Stdout.Trim() : "unknown (" + components.Stderr.Trim() + ")";
        _log($"dockerd {Version} up (pid {_process.Id}); {ContainerdInfo}; components: {Components}");
    }

    /// <summary>
    /// <see cref="Start"/>, then what every scenario assumes: FORWARD policy DROP and the busybox
    /// image. dockerd 20.10 already sets DROP when it turns on ip_forward; setting it again makes the
    /// precondition explicit and independent of the daemon version under test.
    /// </summary>
    public void StartForScenarios()
    {
        Start();
        var drop = ProcessRunner.Run("iptables", "-P", "FORWARD", "DROP");
        if (!drop.Succeeded)
        {
            throw new InvalidOperationException("cannot set the FORWARD policy\n" + drop);
        }
        _log($"FORWARD policy now {HostState.ReadForwardPolicy()}");
        BusyboxImage.Import(this, _root);
        _log($"imported {BusyboxImage.Name}");
    }

    public CommandResult Docker(params string[] args) => Docker(DefaultTimeout, args);

    public CommandResult Docker(TimeSpan timeout, params string[] args) =>
        ProcessRunner.Run(Cli, args, timeout, _cliEnvironment);

    /// <summary>SIGTERM, a bounded wait, then SIGKILL; then whatever it left running under our root.</summary>
    public void Stop()
    {
        if (_process is not null && !_process.HasExited)
        {
            var pid = _process.Id;
            Native.Signal(pid, Native.SIGTERM);
            if (!_process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                _log("dockerd did not stop within 30 s of SIGTERM; sending SIGKILL");
                Native.Signal(pid, Native.SIGKILL);
                _process.WaitForExit(TimeSpan.FromSeconds(10));
            }
            _log($"dockerd stopped (exit {(_process.HasExited ? _process.ExitCode.ToString() : "?")})");
        }

        // containerd and its shims carry our unique exec root in their command lines; nothing else
        // does (the plugin's state dir lives beside it, not below it, so it is stopped by its owner).
        foreach (var pid in Native.ProcessesMentioning(ExecRoot + "/"))
        {
            _log($"terminating leftover process {pid}: {ReadCmdline(pid)}");
            Native.Signal(pid, Native.SIGTERM);
            if (!Native.WaitGone(pid, TimeSpan.FromSeconds(10)))
            {
                Native.Signal(pid, Native.SIGKILL);
                Native.WaitGone(pid, TimeSpan.FromSeconds(5));
            }
        }
    }

    private static string Resolve(string binary)
    {
        if (binary.Contains('/'))
        {
            return binary;
        }
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(':').Concat(["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]))
        {
            var candidate = Path.Combine(dir, binary);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return binary;
    }

    private static readonly string[] SystemPath =
        ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    /// <summary>
    /// For <c>ROOT/usr/sbin/dockerd</c> (or <c>ROOT/usr/bin/dockerd</c>) with ROOT other than "/":
    /// ROOT, when it holds the containerd of the same unpack; otherwise null.
    /// </summary>
    private static string? FindUnpackRoot(string binary)
    {
        if (!binary.Contains('/'))
        {
            return null;
        }
        var full = Path.GetFullPath(binary);
        var bin = Path.GetDirectoryName(full);
        var usr = bin is null ? null : Path.GetDirectoryName(bin);
        if (usr is null || Path.GetFileName(usr) != "usr" || Path.GetFileName(bin) is not ("sbin" or "bin"))
        {
            return null;
        }
        var root = Path.GetDirectoryName(usr);
        if (root is null or "/")
        {
            return null;
        }
        return File.Exists(Path.Combine(root, "usr", "bin", "containerd")) || File.Exists(Path.Combine(root, "usr", "sbin", "containerd"))
            ? root
            : null;
    }

    private static string BuildPath(string unpackRoot)
    {
        var own = new[] { "usr/bin", "usr/sbin", "usr/libexec/docker" }
            .Select(d => Path.Combine(unpackRoot, d))
            .Where(Directory.Exists);
        var inherited = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        // The system directories last, so runc is found even when the test host's PATH lacks sbin.
        return string.Join(':', own.Concat(inherited).Concat(SystemPath).Distinct());
    }

    private static string? FindOnPath(string tool, string path) =>
        path.Split(':').Select(dir => Path.Combine(dir, tool)).FirstOrDefault(File.Exists);

    private static Version ParseVersion(string text)
    {
        var match = System.Text.RegularExpressions.Regex.Match(text, @"^(\d+)\.(\d+)");
        return match.Success ? new Version(int.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value)) : new Version(0, 0);
    }

    private static string ReadPid(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : "?";

    private static string ReadCmdline(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
