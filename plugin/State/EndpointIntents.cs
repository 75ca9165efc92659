using Csnet.Plugin.Model;

namespace Csnet.Plugin.State;

/// <summary>
/// The named changes callers make to an endpoint. Each reads, changes one concern and writes with
/// compare-and-swap, retrying when another writer (a concurrent request, a reconcile loop, the
/// CLI) changed the record in between, so no writer's change is lost.
/// </summary>
public static class EndpointIntents
{
    // A lost race costs one more read; this many in a row means something writes in a loop.
    private const int Attempts = 100;

    /// <summary>Join: the container's namespace. Null when the endpoint is gone.</summary>
    public static Endpoint? Join(this IEndpointStore store, string endpointId, string? sandboxKey) =>
        store.Change(endpointId, e => e with { SandboxKey = sandboxKey });

    /// <summary>Leave: the endpoint is no longer in a namespace.</summary>
    public static Endpoint? Leave(this IEndpointStore store, string endpointId) =>
        store.Change(endpointId, e => e with { SandboxKey = null });

    /// <summary>The endpoint's published ports, replacing what it had.</summary>
    public static Endpoint? SetPorts(this IEndpointStore store, string endpointId, IReadOnlyList<PublishedPort> ports) =>
        store.Change(endpointId, e => e with { Ports = ports });

    /// <summary>Applies <paramref name="change"/> to the current record until the write wins; null when the endpoint is gone.</summary>
    public static Endpoint? Change(this IEndpointStore store, string endpointId, Func<Endpoint, Endpoint> change)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            if (store.Find(endpointId) is not { } current)
            {
                return null;
            }

            if (store.TryReplace(change(current) with { Revision = current.Revision }) is { } stored)
            {
                return stored;
            }

            // Lost to another writer: let it finish before reading again, so two writers in a
            // tight loop cannot starve one another.
            Thread.Sleep(attempt < 4 ? 0 : 1);
        }

        throw new InvalidOperationException($"endpoint {DockerId.Short(endpointId)} kept changing under {Attempts} attempts to update it");
    }
}
