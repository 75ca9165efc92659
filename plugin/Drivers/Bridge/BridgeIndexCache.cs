using System.Collections.Concurrent;
using Csnet.Plugin.Kernel.Netlink;
using Csnet.Plugin.Kernel.Rtnl;

namespace Csnet.Plugin.Drivers.Bridge;

/// <summary>
/// The ifindex of each bridge by name, so CreateEndpoint names its master without an RTM_GETLINK
/// first (one round trip of four per endpoint, under the kernel's rtnl lock). An index is never
/// trusted blindly: when a request made with a remembered index fails, the bridge is looked up again
/// and the request repeated once if the bridge has a new index (it was rebuilt). The kernel hands out
/// ifindexes cyclically, so an index that outlived its bridge names no link rather than another one.
/// </summary>
public sealed class BridgeIndexCache(IRtnl rtnl)
{
    private const int ENODEV = 19;
    private readonly ConcurrentDictionary<string, int> _indexes = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="request"/> with the bridge's ifindex.</summary>
    public void WithIndex(string bridgeName, Action<int> request)
    {
        var remembered = _indexes.TryGetValue(bridgeName, out var cached);
        var index = remembered ? cached : LookUp(bridgeName);
        try
        {
            request(index);
        }
        catch (NetlinkException) when (remembered)
        {
            _indexes.TryRemove(new KeyValuePair<string, int>(bridgeName, index));
            var current = LookUp(bridgeName);
            if (current == index)
            {
                throw;
            }

            request(current);
        }
    }

    /// <summary>Drops what is known of the bridge (it is being deleted or rebuilt).</summary>
    public void Forget(string bridgeName) => _indexes.TryRemove(bridgeName, out _);

    private int LookUp(string bridgeName)
    {
        var index = rtnl.TryGetLink(bridgeName)?.Index
            ?? throw new NetlinkException($"find bridge {bridgeName}", ENODEV,
                $"bridge {bridgeName} does not exist; csnet rebuilds it at its next start, or remove and recreate the network");
        _indexes[bridgeName] = index;
        return index;
    }
}
