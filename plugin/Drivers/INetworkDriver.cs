using Csnet.Plugin.Model;

namespace Csnet.Plugin.Drivers;

/// <summary>
/// One network mode (bridge; macvlan, VXLAN later), each in its own folder under Drivers/ and
/// registered in Composition. The controller picks the driver by the network's "mode" option,
/// takes the network's lock, looks records up and keeps Join/Leave bookkeeping; the driver does the
/// kernel work as reversible steps and stores what it made.
/// </summary>
public interface INetworkDriver
{
    /// <summary>The value of -o mode=… that selects this driver.</summary>
    string Mode { get; }

    /// <summary>GwAllocCheck: per family, true when the network needs no gateway address from the IPAM.</summary>
    (bool IPv4, bool IPv6) SkipGatewayAllocation(IReadOnlyDictionary<string, string> options);

    /// <summary>Checks the request (no side effects) and throws every problem at once.</summary>
    void Validate(NetworkSpec spec);

    Network CreateNetwork(NetworkSpec spec, CancellationToken cancellationToken);
    void DeleteNetwork(Network network);
    EndpointResult CreateEndpoint(Network network, EndpointSpec spec, CancellationToken cancellationToken);

    /// <summary>The interface and gateways for the container; the controller has already stored the sandbox key.</summary>
    JoinResult Join(Network network, Endpoint endpoint);

    void DeleteEndpoint(Network network, Endpoint endpoint);
    void ProgramExternalConnectivity(Network network, Endpoint endpoint, IReadOnlyList<PortRequest> ports);
    void RevokeExternalConnectivity(Network network, Endpoint endpoint);

    /// <summary>At start: rebuilds what the host lost of a stored network and drops endpoints that cannot come back.</summary>
    void Restore(Network network);
}
