using Csnet.Plugin.Drivers.Steps;
using Csnet.Plugin.Errors;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.State;

namespace Csnet.Plugin.Drivers.Bridge;

public sealed partial class BridgeDriver
{
    public EndpointResult CreateEndpoint(NetworkRecord network, EndpointSpec spec, CancellationToken cancellationToken)
    {
        var known = endpoints.Find(spec.EndpointId);
        if (known is not null)
        {
            // The same request again (a retried call): answer as the first time, make nothing twice.
            return new EndpointResult(spec.MacAddress is null && MacAddresses.TryParse(known.MacAddress, out var knownMac) ? knownMac : null);
        }

        var hostVeth = InterfaceNames.HostVeth(spec.EndpointId);
        var containerVeth = InterfaceNames.ContainerVeth(spec.EndpointId);
        var mac = spec.MacAddress ?? MacAddresses.For(spec.Address?.Address);
        var record = new EndpointRecord
        {
            Id = spec.EndpointId,
            NetworkId = network.Id,
            HostVeth = hostVeth,
            ContainerVeth = containerVeth,
            Address = spec.Address?.ToString(),
            MacAddress = MacAddresses.Format(mac),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };

        steps.Run("CreateEndpoint",
        [
            new SetupStep("CreateVeth",
                () => rtnl.AddLink(new VethLink
                {
                    Name = hostVeth,
                    PeerName = containerVeth,
                    Mtu = network.Mtu,
                    PeerMtu = network.Mtu,
                    PeerMacAddress = mac,
                    Alias = Tag(network.Id, spec.EndpointId),
                }),
                () => rtnl.TryDeleteLink(hostVeth)),
            new SetupStep("AttachToBridge", () => rtnl.SetMaster(hostVeth, network.BridgeName), SetupStep.Nothing),
            // Hairpin lets a container reach its own published port through the host's address:
            // the DNAT'd packet goes back out of the port it came in on.
            new SetupStep("SetHairpin", () => rtnl.SetBridgePortHairpin(hostVeth, true), SetupStep.Nothing),
            new SetupStep("SetUp", () => rtnl.SetUp(hostVeth), SetupStep.Nothing),
            new SetupStep("SaveRecord", () => endpoints.Add(record), () => endpoints.Remove(record.Id)),
        ], cancellationToken);

        logger.EndpointCreated(DockerId.Short(network.Id), DockerId.Short(spec.EndpointId), hostVeth);
        return new EndpointResult(spec.MacAddress is null ? mac : null);
    }

    public JoinResult Join(NetworkRecord network, EndpointRecord endpoint, string? sandboxKey)
    {
        endpoints.Update(endpoint with { SandboxKey = sandboxKey });
        // An internal network gives no default route, and the daemon must not add docker_gwbridge either.
        return network.Internal
            ? new JoinResult(endpoint.ContainerVeth, network.DstPrefix, null, DisableGatewayService: true)
            : new JoinResult(endpoint.ContainerVeth, network.DstPrefix, GatewayFor(network, endpoint), DisableGatewayService: false);
    }

    public void Leave(NetworkRecord network, EndpointRecord endpoint) =>
        endpoints.Update(endpoint with { SandboxKey = null });

    public void DeleteEndpoint(NetworkRecord network, EndpointRecord endpoint)
    {
        // Deleting one end of a veth removes its peer too; after Leave the daemon has moved the
        // container end back to the host under its old name, but if the host end is already gone
        // the container end may be left over, so it is tried as well.
        if (!rtnl.TryDeleteLink(endpoint.HostVeth))
            rtnl.TryDeleteLink(endpoint.ContainerVeth);
        endpoints.Remove(endpoint.Id);
        if (endpoint.Ports.Count > 0)
            firewall.Sync();
        logger.EndpointDeleted(DockerId.Short(network.Id), DockerId.Short(endpoint.Id), endpoint.HostVeth);
    }

    /// <summary>
    /// Publishes the container's -p ports: host ports chosen and stored, then the DNAT rules
    /// installed; a failure restores the endpoint's previous ports and rules.
    /// </summary>
    public void ProgramExternalConnectivity(NetworkRecord network, EndpointRecord endpoint, IReadOnlyList<PortBinding> bindings)
    {
        // The daemon never calls this for internal networks up to 28.x; a later daemon might.
        if (network.Internal || (bindings.Count == 0 && endpoint.Ports.Count == 0))
            return;
        steps.Run("ProgramExternalConnectivity",
        [
            new SetupStep("AllocateHostPorts", () => ports.Publish(network, endpoint, bindings), () => endpoints.Update(endpoint)),
            new SetupStep("InstallRules", firewall.Sync, SetupStep.Nothing),
        ]);
    }

    public void RevokeExternalConnectivity(NetworkRecord network, EndpointRecord endpoint)
    {
        if (endpoint.Ports.Count == 0)
            return;
        endpoints.Update(endpoint with { Ports = [] });
        firewall.Sync();
    }

    /// <summary>The gateway of the subnet that holds the endpoint's address (bare IP, as Join wants it).</summary>
    private static System.Net.IPAddress? GatewayFor(NetworkRecord network, EndpointRecord endpoint)
    {
        if (endpoint.Address is null || !Cidr.TryParse(endpoint.Address, out var address))
            return null;
        foreach (var subnet in network.Subnets)
        {
            if (subnet.Gateway is not null && Cidr.Parse(subnet.Pool).Contains(address.Address))
                return Cidr.Parse(subnet.Gateway).Address;
        }
        return null;
    }
}
