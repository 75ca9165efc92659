using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Model;
using Csnet.Plugin.State;

namespace Csnet.Plugin.Drivers.Reconcile;

/// <summary>
/// Which links carry csnet's tag (IFLA_IFALIAS <c>csnet:NET[/EP]</c>) but belong to no record: left by a
/// crash between a link's creation and its record. Reconcile deletes them; csnetctl doctor lists them.
/// </summary>
public sealed class LinkOwnership(INetworkStore networks, IEndpointStore endpoints)
{
    public IReadOnlyList<Link> Orphans(IEnumerable<Link> links)
    {
        var networkIds = networks.All().Select(n => n.Id).ToList();
        return [.. links.Where(l => l.Alias?.StartsWith(OwnershipTag.Prefix, StringComparison.Ordinal) == true && !IsOwned(l.Alias!, networkIds))];
    }

    private bool IsOwned(string tag, List<string> networkIds)
    {
        var owner = tag[OwnershipTag.Prefix.Length..].Split('/', 2);
        var network = networkIds.FirstOrDefault(id => id.StartsWith(owner[0], StringComparison.Ordinal));
        if (network is null)
            return false;
        return owner.Length == 1 || endpoints.ForNetwork(network).Any(e => e.Id.StartsWith(owner[1], StringComparison.Ordinal));
    }
}
