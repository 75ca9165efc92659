using System.Net;
using System.Net.Sockets;
using Csnet.Plugin.Drivers.Steps;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Model;
using Csnet.Plugin.State;

namespace Csnet.Plugin.Drivers.Bridge;

public sealed partial class BridgeDriver
{
    public EndpointResult CreateEndpoint(Network network, EndpointSpec spec, CancellationToken cancellationToken)
    {
        if (endpoints.Find(spec.EndpointId) is { } known)
        {
            // The same request again (a retried call): answer as the first time, make nothing twice.
            return new EndpointResult(spec.MacAddress is null ? known.MacAddress : null);
        }

        var settings = network.SettingsAs<BridgeSettings>();
        var hostVeth = InterfaceNames.HostVeth(spec.EndpointId);
        var containerVeth = InterfaceNames.ContainerVeth(spec.EndpointId);
        var mac = spec.MacAddress ?? MacAddresses.For(spec.Address?.Address);
        var endpoint = new Endpoint
        {
            Id = spec.EndpointId,
            NetworkId = network.Id,
            Addresses = spec.Addresses,
            MacAddress = mac,
            Links = [new EndpointLink(hostVeth, LinkRole.Host), new EndpointLink(containerVeth, LinkRole.Container)],
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };

        Journaled(Intent.CreateEndpoint, network.Id, spec.EndpointId, new Dictionary<string, string> { ["HostVeth"] = hostVeth },
            () => CreateEndpointSteps(network, settings, endpoint, hostVeth, containerVeth, mac, cancellationToken));

        logger.EndpointCreated(DockerId.Short(network.Id), DockerId.Short(spec.EndpointId), hostVeth);
        return new EndpointResult(spec.MacAddress is null ? mac : null);
    }

    private void CreateEndpointSteps(Network network, BridgeSettings settings, Endpoint endpoint, string hostVeth, string containerVeth,
        System.Net.NetworkInformation.PhysicalAddress mac, CancellationToken cancellationToken)
    {
        steps.Run("CreateEndpoint",
        [
            // One create with master and up, then one change with the ownership tag and hairpin: two
            // round trips, and the host end is never seen detached from its bridge. Hairpin lets a
            // container reach its own published port through the host's address: the DNAT'd packet
            // goes back out of the port it came in on.
            new SetupStep("CreateVeth",
                () => _bridgeIndexes.WithIndex(settings.BridgeName, bridge => rtnl.AddLink(new VethLink
                {
                    Name = hostVeth,
                    PeerName = containerVeth,
                    Mtu = settings.Mtu,
                    PeerMtu = settings.Mtu,
                    PeerMacAddress = mac,
                    MasterIndex = bridge,
                    IsUp = true,
                    Alias = OwnershipTag.For(network.Id, endpoint.Id),
                    BridgePortHairpin = true,
                })),
                () => rtnl.TryDeleteLink(hostVeth)),
            new SetupStep("SaveRecord", () => endpoints.Insert(endpoint), () => endpoints.Delete(endpoint.Id)),
        ], cancellationToken);
    }

    public JoinResult Join(Network network, Endpoint endpoint)
    {
        var settings = network.SettingsAs<BridgeSettings>();
        var containerVeth = endpoint.LinkName(LinkRole.Container) ?? InterfaceNames.ContainerVeth(endpoint.Id);
        // An internal network gives no default route, and the daemon must not add docker_gwbridge either.
        return network.Internal
            ? new JoinResult(containerVeth, settings.ContainerIfacePrefix, null, null, DisableGatewayService: true)
            : new JoinResult(containerVeth, settings.ContainerIfacePrefix,
                GatewayFor(network, endpoint, AddressFamily.InterNetwork),
                GatewayFor(network, endpoint, AddressFamily.InterNetworkV6));
    }

    public void DeleteEndpoint(Network network, Endpoint endpoint) =>
        Journaled(Intent.DeleteEndpoint, network.Id, endpoint.Id, new Dictionary<string, string>(),
            () => DeleteEndpointSteps(network, endpoint));

    // Each step tolerates what is already gone, so a crash's recovery can run them all again.
    private void DeleteEndpointSteps(Network network, Endpoint endpoint)
    {
        // Deleting one end of a veth removes its peer too; after Leave the daemon has moved the
        // container end back to the host under its old name, but if the host end is already gone
        // the container end may be left over, so it is tried as well.
        var host = endpoint.LinkName(LinkRole.Host);
        var container = endpoint.LinkName(LinkRole.Container);
        if ((host is null || !DeleteLink(host)) && container is not null)
            DeleteLink(container);
        Reached(Intent.DeleteEndpoint, "LinksDeleted");
        endpoints.Delete(endpoint.Id);
        Reached(Intent.DeleteEndpoint, "RecordDeleted");
        if (endpoint.Ports.Count > 0)
            firewall.Sync();
        logger.EndpointDeleted(DockerId.Short(network.Id), DockerId.Short(endpoint.Id), host ?? container ?? "");
    }

    // The reaper deletes it with others a moment later (see LinkReaper for why); without one, now.
    private bool DeleteLink(string name) => reaper?.Retire(name) ?? rtnl.TryDeleteLink(name);

    /// <summary>
    /// Publishes the container's -p ports, each binding in its own family: host ports chosen and
    /// stored, then the rules installed; a failure restores the endpoint's previous ports and rules.
    /// </summary>
    public void ProgramExternalConnectivity(Network network, Endpoint endpoint, IReadOnlyList<PortRequest> requests)
    {
        // The daemon never calls this for internal networks up to 28.x; a later daemon might.
        if (network.Internal || (requests.Count == 0 && endpoint.Ports.Count == 0))
            return;
        var claims = BridgePortPlan.Claims(network, endpoint, requests, skipped => logger.PortBindingSkipped(DockerId.Short(endpoint.Id), skipped));
        steps.Run("ProgramExternalConnectivity",
        [
            // The undo syncs too: the firewall keeps the rules it last computed, and must not keep
            // ports the store no longer has.
            new SetupStep("AllocateHostPorts", () => ports.Publish(endpoint, claims), () =>
            {
                endpoints.SetPorts(endpoint.Id, endpoint.Ports);
                firewall.Sync();
            }),
            new SetupStep("InstallRules", firewall.Sync, SetupStep.Nothing),
        ]);
    }

    public void RevokeExternalConnectivity(Network network, Endpoint endpoint)
    {
        if (endpoint.Ports.Count == 0)
            return;
        endpoints.SetPorts(endpoint.Id, []);
        firewall.Sync();
    }

    /// <summary>The gateway of the subnet that holds the endpoint's address of <paramref name="family"/> (bare IP, as Join wants it).</summary>
    private static IPAddress? GatewayFor(Network network, Endpoint endpoint, AddressFamily family) =>
        endpoint.AddressOf(family) is { } address ? network.SubnetContaining(address.Address)?.Gateway : null;
}
