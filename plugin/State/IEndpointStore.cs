using Csnet.Plugin.Model;

namespace Csnet.Plugin.State;

/// <summary>
/// Endpoints, behind the same narrow seam as <see cref="INetworkStore"/>. Changes go through the
/// intents of <see cref="EndpointIntents"/>, which retry on a lost compare-and-swap.
/// </summary>
public interface IEndpointStore
{
    Endpoint? Find(string endpointId);

    IReadOnlyList<Endpoint> ForNetwork(string networkId);

    /// <summary>Every endpoint that publishes ports, on any network (host ports are host-wide).</summary>
    IReadOnlyList<Endpoint> WithPorts();

    /// <exception cref="StoreConflictException">An endpoint with this id exists.</exception>
    Endpoint Insert(Endpoint endpoint);

    /// <summary>As <see cref="INetworkStore.TryReplace"/>.</summary>
    Endpoint? TryReplace(Endpoint updated);

    bool Delete(string endpointId);
}
