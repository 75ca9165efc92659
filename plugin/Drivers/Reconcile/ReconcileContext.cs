namespace Csnet.Plugin.Drivers.Reconcile;

/// <summary>
/// What a reconcile pass knows besides the store and the kernel. <see cref="DockerEndpoints"/> is
/// the endpoints Docker lists on the network, or null when the Docker API cannot be asked (a managed
/// plugin without the socket, the daemon still starting): then only the kernel's evidence counts.
/// Nothing younger than <see cref="Grace"/> is judged: a request may be creating it right now.
/// </summary>
public sealed record ReconcileContext(DateTime Now, TimeSpan Grace, IReadOnlySet<string>? DockerEndpoints)
{
    public bool IsOld(DateTime createdAt) => Now - createdAt > Grace;
}
