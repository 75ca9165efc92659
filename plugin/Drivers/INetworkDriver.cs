using Csnet.Plugin.Drivers.Reconcile;
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

    /// <summary>
    /// At start and on every reconcile pass: rebuilds what the host lost of a stored network (a
    /// bridge after a reboot, with its surviving links attached again), and deletes the endpoints
    /// that cannot come back or whose container is gone. Returns those; the caller releases their
    /// addresses. Called under the network's lock.
    /// </summary>
    IReadOnlyList<StaleEndpoint> Reconcile(Network network, ReconcileContext context);

    /// <summary>
    /// At start, before anything else: finishes or undoes a change of this mode that a crash cut
    /// short (an <see cref="Intent"/> still in the journal). Called under the network's lock.
    /// </summary>
    void Recover(Intent intent);
}
