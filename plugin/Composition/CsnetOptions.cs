using Csnet.Ipam;

namespace Csnet.Plugin.Composition;

/// <summary>
/// Process settings, one property per <see cref="CsnetSettings"/> entry. Command line first, then
/// CSNET_* environment (which is what <c>docker plugin set</c> changes), then these defaults.
/// </summary>
public sealed record CsnetOptions
{
    public string SocketPath { get; init; } = "/run/docker/plugins/csnet.sock";

    public string StateDir { get; init; } = "/var/lib/csnet";

    /// <summary>The lowest level csnet logs; framework categories stay at Warning or above.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>How log lines look: text for people, json for log collectors (the same fields either way).</summary>
    public LogFormat LogFormat { get; init; } = LogFormat.Text;

    /// <summary>Where the host's procfs is mounted (sysctl writes): /proc, or /host/proc in the managed plugin.</summary>
    public string HostProc { get; init; } = Kernel.Proc.ProcSysctls.DefaultRoot;

    /// <summary>Automatic pools in place of Docker's default list; null keeps Docker's list.</summary>
    public IReadOnlyList<IpamDefaultPool>? DefaultPools { get; init; }

    public string DatabasePath => Path.Combine(StateDir, "csnet.db");

    /// <summary>The Docker Engine API socket the background reconcile may ask; "none" turns it off.</summary>
    public string DockerSocket { get; init; } = "/var/run/docker.sock";

    public Drivers.Reconcile.ReconcileOptions Reconcile { get; init; } = new();

    /// <summary>A loopback TCP address that serves /metrics only; null serves them on the socket alone.</summary>
    public System.Net.IPEndPoint? MetricsAddress { get; init; }
}
