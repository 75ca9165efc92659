using System.Net.Sockets;
using Csnet.Plugin.Drivers.Reconcile;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Model;

namespace Csnet.Plugin.Drivers.Macvlan;

public sealed partial class MacvlanDriver
{
    /// <summary>
    /// Brings the kernel back in line with a stored network, at start and on every reconcile pass
    /// (the daemon never replays CreateNetwork): a parent csnet made is recreated if it vanished (a
    /// reboot drops VLAN links); a missing host parent is logged once and the network kept, so its
    /// containers fail with a clear error until the link is back; the shim, its addresses and its
    /// routes to the endpoints are rebuilt (and routes to addresses no endpoint holds dropped), and a
    /// shared parent keeps the tag of a live network. Endpoints whose container is gone are deleted
    /// and returned.
    /// </summary>
    public IReadOnlyList<StaleEndpoint> Reconcile(Network network, ReconcileContext context)
    {
        var settings = network.SettingsAs<MacvlanSettings>();
        var parentPresent = EnsureParentOnReconcile(network, settings);
        var stale = new List<StaleEndpoint>();
        foreach (var endpoint in endpoints.ForNetwork(network.Id))
        {
            if (StaleReason(endpoint, context) is not { } reason)
                continue;
            DeleteEndpoint(network, endpoint);
            stale.Add(new StaleEndpoint(endpoint, reason));
            RepairMetrics.Count(RepairKind.StaleEndpointDeleted);
            logger.StaleEndpointDropped(DockerId.Short(network.Id), DockerId.Short(endpoint.Id), endpoint.LinkName(LinkRole.Container) ?? "", reason);
        }
        if (parentPresent && settings.ShimName is { } shim)
            RestoreShim(network, settings, shim);
        return stale;
    }

    /// <summary>True when the parent is there (again); logs a missing host parent once, not on every pass.</summary>
    private bool EnsureParentOnReconcile(Network network, MacvlanSettings settings)
    {
        lock (_parents)
        {
            if (rtnl.TryGetLink(settings.Parent) is { } present)
            {
                _missingParents.Remove(network.Id);
                if (settings.ParentOwner == LinkOwner.Csnet)
                    KeepParentTagged(network, settings, present);
                return true;
            }
            var lowerMissing = settings.Vlan is var (lower, _) && rtnl.TryGetLink(lower) is null;
            if (settings.ParentOwner != LinkOwner.Csnet || lowerMissing)
            {
                if (_missingParents.Add(network.Id))
                    logger.ParentMissing(DockerId.Short(network.Id), settings.Parent);
                return false;
            }
            RecreateParent(network, settings);
            return true;
        }
    }

    /// <summary>
    /// A shared parent carries the tag of one of its networks. One that names none of them (left by
    /// a csnet whose delete removed the record before moving the tag, or retagged by hand) would
    /// look like an orphan to the reconciler, which would delete it and every container's child
    /// with it: it takes this network's tag.
    /// Caller holds <see cref="_parents"/>.
    /// </summary>
    private void KeepParentTagged(Network network, MacvlanSettings settings, Link parent)
    {
        var owners = OthersOn(settings.Parent, network.Id).Select(n => OwnershipTag.For(n.Id)).Append(OwnershipTag.For(network.Id));
        if (parent.Alias is { } alias && owners.Contains(alias, StringComparer.Ordinal))
            return;
        rtnl.SetAlias(settings.Parent, OwnershipTag.For(network.Id));
        RepairMetrics.Count(RepairKind.ParentRetagged);
        logger.ParentRetagged(DockerId.Short(network.Id), settings.Parent, parent.Alias ?? "");
    }

    /// <summary>Recreates the parent csnet owns (caller holds <see cref="_parents"/> and saw it missing).</summary>
    private void RecreateParent(Network network, MacvlanSettings settings)
    {
        steps.Run("RestoreParent", [_kernel.CreateParent(network.Id, settings)]);
        _missingParents.Remove(network.Id);
        RepairMetrics.Count(RepairKind.ParentRecreated);
        logger.ParentRecreated(DockerId.Short(network.Id), settings.Parent);
    }

    /// <summary>The shim as CreateNetwork made it, and a route through it to every endpoint address of its families.</summary>
    private void RestoreShim(Network network, MacvlanSettings settings, string shim)
    {
        var link = rtnl.TryGetLink(shim);
        var present = link is null ? [] : rtnl.GetAddresses(shim);
        if (link is not { IsUp: true } || !settings.ShimAddresses.All(a => present.Any(p => p.Address.Equals(a))))
        {
            if (link is not null)
                rtnl.TryDeleteLink(shim);
            steps.Run("RestoreShim", _kernel.Shim(network.Id, settings));
            RepairMetrics.Count(RepairKind.ShimRebuilt);
            logger.ShimRestored(DockerId.Short(network.Id), shim);
            link = rtnl.TryGetLink(shim);
        }

        var throughShim = new[] { AddressFamily.InterNetwork, AddressFamily.InterNetworkV6 }
            .SelectMany(rtnl.GetRoutes)
            .Where(r => r.OutputIndex == link?.Index && r.Destination is not null)
            .ToList();
        var held = endpoints.ForNetwork(network.Id).SelectMany(e => e.Addresses).Select(a => a.Address).ToHashSet();
        var routed = throughShim.Select(r => r.Destination!).ToHashSet();
        steps.Run("RestoreShimRoutes", _kernel.RoutesThroughShim(settings, held.Where(a => !routed.Contains(a))).ToList());

        // csnet's routes are the ones from a shim address (the kernel's own carry no preferred
        // source); one to an address no endpoint holds is a crash's leftover, and would send the
        // host's traffic for a LAN host that gets that address later through the shim.
        foreach (var leftover in throughShim.Where(r => r.PreferredSource is { } source && settings.ShimAddresses.Contains(source)
            && !held.Contains(r.Destination!) && !settings.ShimAddresses.Contains(r.Destination!)))
        {
            if (rtnl.TryDeleteRoute(leftover))
            {
                RepairMetrics.Count(RepairKind.ShimRouteRemoved);
                logger.ShimRouteDropped(DockerId.Short(network.Id), shim, leftover.Destination!.ToString());
            }
        }
    }

    /// <summary>
    /// Why an endpoint cannot come back, or null. An unjoined endpoint lives as its child in the host
    /// namespace; a joined one as long as Docker lists it, or (when Docker cannot be asked) its
    /// sandbox exists: a macvlan child goes with its container's namespace or comes back to the host.
    /// </summary>
    private string? StaleReason(Endpoint endpoint, ReconcileContext context)
    {
        var child = endpoint.LinkName(LinkRole.Container);
        if (endpoint.SandboxKey is null)
            return child is not null && rtnl.TryGetLink(child) is null && context.IsOld(endpoint.CreatedAt)
                ? "its macvlan child is gone and it never joined a container"
                : null;
        if (!context.IsOld(endpoint.CreatedAt))
            return null;
        if (context.DockerEndpoints is { } listed)
            return listed.Contains(endpoint.Id) ? null : "Docker no longer has it";
        return File.Exists(endpoint.SandboxKey) ? null : "its sandbox is gone";
    }
}
