namespace Csnet.Plugin.Drivers.Reconcile;

/// <summary>
/// What Docker knows, asked only by the background reconcile and never on a request path (the
/// daemon holds locks while it calls the plugin, and at its start it does not answer its API at all).
/// </summary>
public interface IDockerState
{
    /// <summary>
    /// Docker's networks and, for each of <paramref name="networkIds"/> it has, the endpoints it lists;
    /// null when the API cannot be reached within <paramref name="timeout"/> (then the reconcile
    /// judges by the kernel alone).
    /// </summary>
    Task<DockerView?> ReadAsync(IReadOnlyCollection<string> networkIds, TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>Docker's network ids, the subnets they use, and the endpoint ids per network asked about.</summary>
public sealed record DockerView(
    IReadOnlySet<string> Networks,
    IReadOnlySet<string> Subnets,
    IReadOnlyDictionary<string, IReadOnlySet<string>> Endpoints)
{
    public IReadOnlySet<string>? EndpointsOf(string networkId) => Endpoints.GetValueOrDefault(networkId);
}
