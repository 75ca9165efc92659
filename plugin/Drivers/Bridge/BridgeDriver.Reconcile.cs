using Csnet.Plugin.Drivers.Reconcile;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Model;

namespace Csnet.Plugin.Drivers.Bridge;

public sealed partial class BridgeDriver
{
    /// <summary>
    /// Brings the kernel back in line with a stored network: the daemon never replays CreateNetwork,
    /// so a bridge the host lost (a reboot, someone deleting it) is made again, with its gateway
    /// addresses, and the veths of running containers are put back on it (a deleted bridge releases
    /// its ports; without this the containers stay cut off). Endpoints are deleted when they cannot
    /// come back (their veth is gone with their namespace) or their container is gone: Docker no
    /// longer lists them, or, when Docker cannot be asked, their container end is back in the host
    /// namespace and their sandbox no longer exists (Docker moves the link back before removing the
    /// sandbox, also when the plugin was down and never heard of it).
    /// </summary>
    public IReadOnlyList<StaleEndpoint> Reconcile(Network network, ReconcileContext context)
    {
        var settings = network.SettingsAs<BridgeSettings>();
        ReportHostProblem(network, settings);
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
                RepairMetrics.Count(RepairKind.BridgeRebuilt);
                logger.NetworkRestored(DockerId.Short(network.Id), settings.BridgeName);
                bridge = rtnl.TryGetLink(settings.BridgeName);
            }
        }

        var stale = new List<StaleEndpoint>();
        foreach (var endpoint in endpoints.ForNetwork(network.Id))
        {
            var host = endpoint.LinkName(LinkRole.Host);
            var hostLink = host is null ? null : rtnl.TryGetLink(host);
            var reason = StaleReason(endpoint, hostLink, context);
            if (reason is not null)
            {
                DeleteEndpoint(network, endpoint);
                stale.Add(new StaleEndpoint(endpoint, reason));
                RepairMetrics.Count(RepairKind.StaleEndpointDeleted);
                logger.StaleEndpointDropped(DockerId.Short(network.Id), DockerId.Short(endpoint.Id), host ?? "", reason);
                continue;
            }
            if (bridge is not null && hostLink is not null && hostLink.MasterIndex != bridge.Index)
            {
                Reattach(hostLink.Name, bridge.Index);
                RepairMetrics.Count(RepairKind.VethReattached);
                logger.EndpointReattached(DockerId.Short(network.Id), DockerId.Short(endpoint.Id), hostLink.Name, settings.BridgeName);
            }
        }
        return stale;
    }

    private string? StaleReason(Endpoint endpoint, Link? hostLink, ReconcileContext context)
    {
        if (hostLink is null)
            return "its veth is gone (with its container's namespace)";
        if (!context.IsOld(endpoint.CreatedAt))
            return null;
        if (context.DockerEndpoints is { } listed && !listed.Contains(endpoint.Id))
            return "Docker no longer has it";
        var container = endpoint.LinkName(LinkRole.Container);
        if (context.DockerEndpoints is null && endpoint.SandboxKey is { } sandbox && container is not null
            && rtnl.TryGetLink(container) is not null && !File.Exists(sandbox))
            return "its container end is back in the host namespace and its sandbox is gone";
        return null;
    }

    // As CreateEndpoint left it: on the bridge, hairpin on, up.
    private void Reattach(string hostVeth, int bridgeIndex)
    {
        var bridgeName = rtnl.TryGetLink(bridgeIndex)?.Name ?? throw new InvalidOperationException($"bridge #{bridgeIndex} vanished");
        rtnl.SetMaster(hostVeth, bridgeName);
        rtnl.SetBridgePortHairpin(hostVeth, true);
        rtnl.SetUp(hostVeth);
    }

    // A host that changed under a running network (iptables-legacy with FORWARD DROP after an
    // upgrade, br_netfilter unloaded, ip_forward locked off): said once when it appears and once
    // when it goes.
    private void ReportHostProblem(Network network, BridgeSettings settings)
    {
        var families = network.Subnets.Select(s => s.Family).Distinct().ToList();
        var problem = hostCheck?.Problem(settings.BridgeName, families, settings.Icc, network.Internal);
        var id = DockerId.Short(network.Id);
        if (problem is null)
        {
            if (_hostProblems.TryRemove(network.Id, out _))
                logger.HostProblemGone(id, settings.BridgeName);
        }
        else if (!_hostProblems.TryGetValue(network.Id, out var known) || known != problem)
        {
            _hostProblems[network.Id] = problem;
            logger.HostProblem(id, problem);
        }
    }
}
