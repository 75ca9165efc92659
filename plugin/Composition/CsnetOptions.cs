namespace Csnet.Plugin.Composition;

/// <summary>Process settings: command line first, then CSNET_* environment, then these defaults.</summary>
public sealed record CsnetOptions
{
    public string SocketPath { get; init; } = "/run/docker/plugins/csnet.sock";
    public string StateDir { get; init; } = "/var/lib/csnet";

    public string DatabasePath => Path.Combine(StateDir, "csnet.db");

    /// <summary>The Docker Engine API socket the background reconcile may ask; "none" turns it off.</summary>
    public string DockerSocket { get; init; } = "/var/run/docker.sock";

    public Drivers.Reconcile.ReconcileOptions Reconcile { get; init; } = new();
}
