using Csnet.Plugin.State;

namespace Csnet.Plugin.Drivers;

/// <summary>
/// One network mode (bridge, later macvlan). The controller picks the driver by the network's
/// "mode" option, takes the network's lock and looks records up; the driver does the kernel work
/// as reversible steps and stores what it made.
/// </summary>
public interface INetworkDriver
{
    /// <summary>The value of -o mode=… that selects this driver.</summary>
    string Mode { get; }

    /// <summary>GwAllocCheck: true when the network needs no gateway address from the IPAM.</summary>
    bool SkipGatewayAllocation(IReadOnlyDictionary<string, string> options);

    /// <summary>Checks the options (no side effects) and throws every problem at once.</summary>
    void Validate(NetworkSpec spec);

    NetworkRecord CreateNetwork(NetworkSpec spec, CancellationToken cancellationToken);
    void DeleteNetwork(NetworkRecord network);
    EndpointResult CreateEndpoint(NetworkRecord network, EndpointSpec spec, CancellationToken cancellationToken);
    JoinResult Join(NetworkRecord network, EndpointRecord endpoint, string? sandboxKey);
    void Leave(NetworkRecord network, EndpointRecord endpoint);
    void DeleteEndpoint(NetworkRecord network, EndpointRecord endpoint);
    void ProgramExternalConnectivity(NetworkRecord network, EndpointRecord endpoint, IReadOnlyList<PortBinding> ports);
    void RevokeExternalConnectivity(NetworkRecord network, EndpointRecord endpoint);

    /// <summary>At start: rebuilds what the host lost of a stored network and drops endpoints that cannot come back.</summary>
    void Restore(NetworkRecord network);
}
