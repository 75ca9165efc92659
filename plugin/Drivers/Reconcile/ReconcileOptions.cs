namespace Csnet.Plugin.Drivers.Reconcile;

/// <summary>How often the kernel and the database are compared, and how young a thing is left alone.</summary>
public sealed record ReconcileOptions
{
    /// <summary>Between passes (CSNET_RECONCILE_SECONDS). A deleted bridge is rebuilt at once, without waiting for a pass.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Links, records, addresses and pools younger than this are never judged orphaned
    /// (CSNET_RECONCILE_GRACE_SECONDS): a request may be between its steps. Orphans must also be seen
    /// on two passes in a row before they go.
    /// </summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a pass waits for the Docker API; the first pass at start waits less.</summary>
    public TimeSpan DockerTimeout { get; init; } = TimeSpan.FromSeconds(2);
}
