using System.Net;
using System.Net.Sockets;
using Csnet.Plugin.Drivers.Steps;
using Csnet.Plugin.Errors;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Model;

namespace Csnet.Plugin.Drivers.Macvlan;

public sealed partial class MacvlanDriver
{
    /// <summary>The name prefix of the interface in the container, as Docker's macvlan driver gives it.</summary>
    private const string ContainerIfacePrefix = "eth";

    public EndpointResult CreateEndpoint(Network network, EndpointSpec spec, CancellationToken cancellationToken)
    {
        var settings = network.SettingsAs<MacvlanSettings>();
        // Passthru hands the child the parent's own MAC; setting another one would change the parent's.
        var mac = spec.MacAddress ?? (settings.MacvlanMode == MacvlanMode.Passthru ? null : MacAddresses.For(spec.Address?.Address));
        if (endpoints.Find(spec.EndpointId) is { } known)
        {
            // The same request again (a retried call): answer as the first time, make nothing twice.
            return new EndpointResult(spec.MacAddress is null ? known.MacAddress : null);
        }

        EnsureParent(network, settings);
        var child = MacvlanNames.Child(spec.EndpointId);
        var endpoint = new Endpoint
        {
            Id = spec.EndpointId,
            NetworkId = network.Id,
            Addresses = spec.Addresses,
            MacAddress = mac,
            Links = [new EndpointLink(child, LinkRole.Container)],
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };

        var plan = new List<SetupStep> { _kernel.CreateChild(network.Id, spec.EndpointId, settings, mac) };
        plan.AddRange(_kernel.RoutesThroughShim(settings, spec.Addresses.Select(a => a.Address)));
        plan.Add(new SetupStep("SaveRecord", () => endpoints.Insert(endpoint), () => endpoints.Delete(endpoint.Id)));
        // The addresses, for the shim's routes to them: without a record, recovery has only these.
        var intent = new Dictionary<string, string> { [AddressesKey] = string.Join(',', spec.Addresses.Select(a => a.Address)) };
        Journaled(Intent.CreateEndpoint, network.Id, spec.EndpointId, intent, () => steps.Run("CreateEndpoint", plan, cancellationToken));

        logger.EndpointCreated(DockerId.Short(network.Id), DockerId.Short(spec.EndpointId), child);
        return new EndpointResult(spec.MacAddress is null ? mac : null);
    }

    public JoinResult Join(Network network, Endpoint endpoint)
    {
        var child = endpoint.LinkName(LinkRole.Container) ?? MacvlanNames.Child(endpoint.Id);
        // Like Docker's macvlan: the LAN's gateway (when the user gave one) is the default route,
        // and the daemon never adds docker_gwbridge, not even without a gateway.
        return network.Internal
            ? new JoinResult(child, ContainerIfacePrefix, null, null, DisableGatewayService: true)
            : new JoinResult(child, ContainerIfacePrefix,
                GatewayFor(network, endpoint, AddressFamily.InterNetwork),
                GatewayFor(network, endpoint, AddressFamily.InterNetworkV6),
                DisableGatewayService: true);
    }

    public void DeleteEndpoint(Network network, Endpoint endpoint) =>
        Journaled(Intent.DeleteEndpoint, network.Id, endpoint.Id, new Dictionary<string, string>(), () => DeleteEndpointSteps(network, endpoint));

    /// <summary>Each step tolerates what is already gone; the record goes last (see <see cref="DeleteNetworkSteps"/>).</summary>
    private void DeleteEndpointSteps(Network network, Endpoint endpoint)
    {
        var settings = network.SettingsAs<MacvlanSettings>();
        // After Leave the daemon has moved the child back to the host under its temporary name.
        var child = endpoint.LinkName(LinkRole.Container);
        if (child is not null)
            rtnl.TryDeleteLink(child);
        foreach (var address in endpoint.Addresses)
            _kernel.DeleteShimRoute(settings, address.Address);
        Reached(Intent.DeleteEndpoint, "LinksDeleted");
        endpoints.Delete(endpoint.Id);
        Reached(Intent.DeleteEndpoint, "RecordDeleted");
        logger.EndpointDeleted(DockerId.Short(network.Id), DockerId.Short(endpoint.Id), child ?? "");
    }

    /// <summary>
    /// Refuses -p: a macvlan container is on the LAN at its own address, and there is no host port
    /// to forward from (Docker's macvlan accepts -p and silently publishes nothing).
    /// </summary>
    public void ProgramExternalConnectivity(Network network, Endpoint endpoint, IReadOnlyList<PortRequest> ports)
    {
        if (ports.Count == 0)
            return;
        var at = endpoint.Addresses.Count > 0 ? string.Join(" and ", endpoint.Addresses.Select(a => a.Address)) : "its own LAN address";
        var published = string.Join(", ", ports.Select(p => p.HostPortStart > 0 ? $"{p.HostPortStart}:{p.ContainerPort}" : $"{p.ContainerPort}"));
        throw new CsnetException(ErrorKind.InvalidRequest,
            $"macvlan network {DockerId.Short(network.Id)} publishes no ports (-p {published}): the container is on the LAN at {at}, so reach its ports there, and drop -p/--publish (a macvlan network has no NAT)");
    }

    public void RevokeExternalConnectivity(Network network, Endpoint endpoint)
    {
    }

    /// <summary>
    /// Before a child is made: the parent must be there. A parent csnet made (VLAN or placeholder)
    /// is recreated when it vanished; the host's own parent is not, and the error says so.
    /// </summary>
    private void EnsureParent(Network network, MacvlanSettings settings)
    {
        if (rtnl.TryGetLink(settings.Parent) is not null)
            return;
        lock (_parents)
        {
            if (rtnl.TryGetLink(settings.Parent) is not null)
                return;
            if (settings.ParentOwner != LinkOwner.Csnet)
                throw CsnetException.NotFound(
                    $"parent {settings.Parent} of macvlan network {DockerId.Short(network.Id)} does not exist on this host (it did when the network was made); bring the link back, then start the container again");
            RecreateParent(network, settings);
        }
    }

    /// <summary>The gateway of the subnet that holds the endpoint's address of <paramref name="family"/> (bare IP, as Join wants it).</summary>
    private static IPAddress? GatewayFor(Network network, Endpoint endpoint, AddressFamily family) =>
        endpoint.AddressOf(family) is { } address ? network.SubnetContaining(address.Address)?.Gateway : null;
}
