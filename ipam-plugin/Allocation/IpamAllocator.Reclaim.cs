using System.Net;
using Csnet.Common.Addressing;
using Csnet.Ipam.State;

namespace Csnet.Ipam.Allocation;

internal sealed partial class IpamAllocator : IAddressReclaim
{
    public IReadOnlyList<HeldAddress> HeldAddresses(string networkId)
    {
        var held = new List<HeldAddress>();
        foreach (var state in PoolsOf(networkId))
        {
            foreach (var document in _store.LoadAddresses(state.Id).Where(d => d.Kind is not (AddressKind.Gateway or AddressKind.Reserved)))
            {
                if (IpPrefix.TryParseAddress(document.Address, out var address))
                    held.Add(new HeldAddress(address, document.CreatedUtc, document.Kind == AddressKind.Explicit));
            }
        }
        return held;
    }

    public bool ReleaseAddress(string networkId, IPAddress address)
    {
        var state = PoolsOf(networkId).FirstOrDefault(p => p.Pool.Contains(address));
        if (state is null)
            return false;
        ReleaseAddress(state.Id, address.ToString());
        return true;
    }

    public int ReleasePools(string networkId)
    {
        var pools = PoolsOf(networkId);
        foreach (var state in pools)
            ReleasePool(state.Id);
        return pools.Count;
    }

    public IReadOnlyList<HeldPool> Pools() =>
        _pools.Values.Where(p => !p.Released).Select(p => new HeldPool(p.Id, p.NetworkId, p.RequestedUtc)).ToList();

    private List<PoolState> PoolsOf(string networkId) =>
        _pools.Values.Where(p => p.NetworkId == networkId && !p.Released).ToList();
}
