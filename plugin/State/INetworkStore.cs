using Csnet.Plugin.Model;

namespace Csnet.Plugin.State;

/// <summary>
/// Networks, behind the narrowest seam a distributed store (etcd, compare-and-swap on revisions)
/// can also implement. Every write is durable when it returns.
/// </summary>
public interface INetworkStore
{
    Network? Find(string networkId);

    IReadOnlyList<Network> All();

    /// <summary>Stores a new network at revision 1 and returns it so.</summary>
    /// <exception cref="StoreConflictException">A network with this id exists.</exception>
    Network Insert(Network network);

    /// <summary>
    /// Replaces the stored network if its revision is still <paramref name="updated"/>'s; returns
    /// the stored record with the next revision, or null when another writer came first (or it is gone).
    /// </summary>
    Network? TryReplace(Network updated);

    /// <summary>False when it was not stored.</summary>
    bool Delete(string networkId);
}
