using Csnet.Plugin.Model;

namespace Csnet.Plugin.Drivers.Bridge;

public sealed partial class BridgeDriver
{
    /// <summary>
    /// Brings the kernel back in line with a stored network after the host lost it (a reboot, or
    /// someone deleting the bridge): the daemon never replays CreateNetwork, so without this every
    /// later CreateEndpoint would fail. Endpoints whose veth is gone cannot come back (their
    /// container's namespace is gone with it), so their records and host ports are released.
    /// </summary>
    public void Restore(Network network)
    {
        var settings = network.SettingsAs<BridgeSettings>();
        var bridge = rtnl.TryGetLink(settings.BridgeName);
        if (bridge is null && settings.BridgeOwner == LinkOwner.Existing)
        {
            logger.AdoptedBridgeMissing(DockerId.Short(network.Id), settings.BridgeName);
        }
        else
        {
            var present = bridge is null ? [] : rtnl.GetAddresses(settings.BridgeName);
            var missing = settings.GatewaysAdded.Where(g => !present.Any(a => a.Address.Equals(g.Address))).ToList();
            if (bridge is null || !bridge.IsUp || missing.Count > 0)
            {
                steps.Run("RestoreNetwork", BridgeSteps(network, createBridge: bridge is null, missing));
                logger.NetworkRestored(DockerId.Short(network.Id), settings.BridgeName);
            }
        }

        var released = false;
        foreach (var endpoint in endpoints.ForNetwork(network.Id))
        {
            var host = endpoint.LinkName(LinkRole.Host);
            if (host is not null && rtnl.TryGetLink(host) is not null)
                continue;
            endpoints.Delete(endpoint.Id);
            released |= endpoint.Ports.Count > 0;
            logger.StaleEndpointDropped(DockerId.Short(network.Id), DockerId.Short(endpoint.Id), host ?? "");
        }
        if (released)
            firewall.Sync();
    }
}
