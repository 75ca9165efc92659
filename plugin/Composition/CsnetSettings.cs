namespace Csnet.Plugin.Composition;

/// <summary>
/// The one configuration surface: each setting's environment variable (set by config.json's env,
/// <c>docker plugin set</c>, a systemd unit or a shell) and its command-line flag. Messages about a
/// bad value name the variable, since that is what a user of the managed plugin can change.
/// </summary>
public static class CsnetSettings
{
    public const string Socket = "CSNET_SOCKET";
    public const string StateDir = "CSNET_STATE_DIR";
    public const string LogLevel = "CSNET_LOG_LEVEL";
    public const string LogFormat = "CSNET_LOG_FORMAT";
    public const string HostProc = "CSNET_HOST_PROC";
    public const string DefaultPools = "CSNET_DEFAULT_POOLS";
    public const string DockerSocket = "CSNET_DOCKER_SOCKET";
    public const string ReconcileSeconds = "CSNET_RECONCILE_SECONDS";
    public const string ReconcileGraceSeconds = "CSNET_RECONCILE_GRACE_SECONDS";
    public const string MetricsAddress = "CSNET_METRICS_ADDRESS";

    /// <summary>Every setting in the order the usage text lists them.</summary>
    public static readonly IReadOnlyList<Setting> All =
    [
        new(Socket, "--socket", "PATH", "Unix socket to serve", "/run/docker/plugins/csnet.sock"),
        new(StateDir, "--state-dir", "DIR", "folder of the state database csnet.db", "/var/lib/csnet"),
        new(LogLevel, "--log-level", "LEVEL", "trace, debug, info, warning, error or critical", "info"),
        new(LogFormat, "--log-format", "FORMAT", "text (one line per event) or json (one JSON object per line, the same fields)", "text"),
        new(HostProc, "--host-proc", "DIR", "the host's procfs, for sysctl writes", "/proc"),
        new(DefaultPools, "--default-pools", "POOLS",
            "automatic pools in dockerd's --default-address-pool syntax, several separated by spaces; replaces Docker's list",
            "Docker's list"),
        new(DockerSocket, "--docker-socket", "PATH",
            "Docker Engine API socket the background reconcile may ask (never a request); none turns it off", "/var/run/docker.sock"),
        new(ReconcileSeconds, "--reconcile-seconds", "N", "seconds between reconcile passes of kernel, Docker and database", "30"),
        new(ReconcileGraceSeconds, "--reconcile-grace-seconds", "N", "seconds a new link, record or address is left alone by reconcile", "60"),
        new(MetricsAddress, "--metrics-address", "ADDR",
            "also serve /metrics (and nothing else) on this loopback TCP address, as 127.0.0.1:PORT or [::1]:PORT; the socket always serves it", "none"),
    ];

    /// <summary>One setting: its variable, flag, value placeholder, meaning and default, for usage and messages.</summary>
    public sealed record Setting(string Variable, string Flag, string Placeholder, string Description, string Default);
}
