using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.State;

namespace Csnet.Plugin.Drivers.Bridge;

public sealed partial class BridgeDriver
{
    /// <summary>
    /// Brings the kernel back in line with a stored network after the host lost it (a reboot, or
    /// someone deleting the bridge): the daemon never replays CreateNetwork, so without this every
    /// later CreateEndpoint would fail. Endpoints whose veth is gone cannot come back (their
    /// container's namespace is gone with it), so their records and host ports are released.
    /// </summary>
    public void Restore(NetworkRecord network)
    {
        var bridge = rtnl.TryGetLink(network.BridgeName);
        if (bridge is null && network.BridgeOwner == LinkOwner.Existing)
        {
            logger.AdoptedBridgeMissing(DockerId.Short(network.Id), network.BridgeName);
        }
        else
        {
            var missing = bridge is null
                ? network.Subnets.Where(s => s.Gateway is not null && s.GatewayAddressAdded).ToList()
                : GatewaysMissing(network);
            if (bridge is null || !bridge.IsUp || missing.Count > 0)
            {
                steps.Run("RestoreNetwork", BridgeSteps(network, createBridge: bridge is null, missing));
                logger.NetworkRestored(DockerId.Short(network.Id), network.BridgeName);
            }
        }

        var released = false;
        foreach (var endpoint in endpoints.ForNetwork(network.Id))
        {
            if (rtnl.TryGetLink(endpoint.HostVeth) is not null)
                continue;
            endpoints.Remove(endpoint.Id);
            released |= endpoint.Ports.Count > 0;
            logger.StaleEndpointDropped(DockerId.Short(network.Id), DockerId.Short(endpoint.Id), endpoint.HostVeth);
        }
        if (released)
            firewall.Sync();
    }

    /// <summary>Gateway addresses csnet put on the bridge that are no longer there (one address dump).</summary>
    private List<SubnetRecord> GatewaysMissing(NetworkRecord network)
    {
        var present = rtnl.GetAddresses(network.BridgeName);
        return network.Subnets.Where(s =>
            s.Gateway is not null && s.GatewayAddressAdded && !present.Any(a => a.Address.Equals(Cidr.Parse(s.Gateway).Address))).ToList();
    }
}
