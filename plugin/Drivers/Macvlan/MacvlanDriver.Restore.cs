using Csnet.Plugin.Model;

namespace Csnet.Plugin.Drivers.Macvlan;

public sealed partial class MacvlanDriver
{
    /// <summary>
    /// Brings the kernel back in line with a stored network at start (the daemon never replays
    /// CreateNetwork): a parent csnet made is recreated if it vanished (a reboot drops VLAN links);
    /// a missing host parent is logged and the network kept, so its containers fail with a clear
    /// error until the link is back; the shim, its addresses and its routes to the endpoints are
    /// rebuilt. Endpoints whose container is gone are dropped.
    /// </summary>
    public void Restore(Network network)
    {
        var settings = network.SettingsAs<MacvlanSettings>();
        lock (_parents)
        {
            if (rtnl.TryGetLink(settings.Parent) is null)
            {
                if (settings.ParentOwner != LinkOwner.Csnet || (settings.Vlan is var (lower, _) && rtnl.TryGetLink(lower) is null))
                {
                    logger.ParentMissing(DockerId.Short(network.Id), settings.Parent);
                    DropStaleEndpoints(network, settings);
                    return;
                }

                RecreateParent(network, settings);
            }
        }

        var kept = DropStaleEndpoints(network, settings);
        if (settings.ShimName is { } shim)
            RestoreShim(network, settings, shim, kept);
    }

    /// <summary>Recreates the parent csnet owns (caller holds <see cref="_parents"/> and saw it missing).</summary>
    private void RecreateParent(Network network, MacvlanSettings settings)
    {
        steps.Run("RestoreParent", [_kernel.CreateParent(network.Id, settings)]);
        logger.ParentRecreated(DockerId.Short(network.Id), settings.Parent);
    }

    private void RestoreShim(Network network, MacvlanSettings settings, string shim, IReadOnlyList<Endpoint> kept)
    {
        var link = rtnl.TryGetLink(shim);
        var present = link is null ? [] : rtnl.GetAddresses(shim);
        var complete = link is { IsUp: true } && settings.ShimAddresses.All(a => present.Any(p => p.Address.Equals(a)));
        if (!complete)
        {
            if (link is not null)
                rtnl.TryDeleteLink(shim);
            steps.Run("RestoreShim", _kernel.Shim(network.Id, settings));
            logger.ShimRestored(DockerId.Short(network.Id), shim);
        }

        // Replacing routes is idempotent: present ones stay, lost ones come back.
        steps.Run("RestoreShimRoutes", _kernel.RoutesThroughShim(settings, kept.SelectMany(e => e.Addresses).Select(a => a.Address)).ToList());
    }

    /// <summary>
    /// A joined endpoint whose sandbox is gone (the host rebooted, the container died while csnet
    /// was down) or an unjoined one whose child is gone cannot come back: its record goes. Returns the rest.
    /// </summary>
    private List<Endpoint> DropStaleEndpoints(Network network, MacvlanSettings settings)
    {
        var kept = new List<Endpoint>();
        foreach (var endpoint in endpoints.ForNetwork(network.Id))
        {
            var child = endpoint.LinkName(LinkRole.Container);
            var alive = endpoint.SandboxKey is { } sandbox
                ? File.Exists(sandbox)
                : child is not null && rtnl.TryGetLink(child) is not null;
            if (alive)
            {
                kept.Add(endpoint);
                continue;
            }

            foreach (var address in endpoint.Addresses)
                _kernel.DeleteShimRoute(settings, address.Address);
            endpoints.Delete(endpoint.Id);
            logger.StaleEndpointDropped(DockerId.Short(network.Id), DockerId.Short(endpoint.Id), child ?? "");
        }
        return kept;
    }
}
