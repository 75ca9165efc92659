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
            new SetupStep("SetUp", () => rtnl.SetUp(hostVeth), SetupStep.Nothing),
            new SetupStep("SaveRecord", () => endpoints.Add(record), () => endpoints.Remove(record.Id)),
        ], cancellationToken);

        logger.EndpointCreated(Short(network.Id), Short(spec.EndpointId), hostVeth);
        return new EndpointResult(spec.MacAddress is null ? mac : null);
    }

    public JoinResult Join(NetworkRecord network, EndpointRecord endpoint, string? sandboxKey)
    {
        endpoints.Update(endpoint with { SandboxKey = sandboxKey });
        return new JoinResult(endpoint.ContainerVeth, network.DstPrefix, GatewayFor(network, endpoint));
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
        logger.EndpointDeleted(Short(network.Id), Short(endpoint.Id), endpoint.HostVeth);
    }

    public void ProgramExternalConnectivity(NetworkRecord network, EndpointRecord endpoint, IReadOnlyList<PortBinding> ports)
    {
        if (ports.Count > 0)
        {
            var list = string.Join(", ", ports.Select(p => p.HostPort == 0 ? $"{p.Port}" : $"{p.HostPort}:{p.Port}"));
            throw CsnetException.NotSupported(
                $"publishing ports (-p {list}) on csnet networks is not supported yet; start the container without -p/-P");
        }
    }

    public void RevokeExternalConnectivity(NetworkRecord network, EndpointRecord endpoint)
    {
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
