using Csnet.Common.Addressing;
using System.Net.Sockets;
using Csnet.Ipam.State;

namespace Csnet.Ipam.Allocation;

internal sealed partial class IpamAllocator
{
    /// <summary>
    /// RequestPool: reserves <c>--subnet</c> (or the first free default subnet) for a network.
    /// <c>--ipam-opt</c> values are stored with the pool but not interpreted; unknown keys are not an error.
    /// </summary>
    public AllocatedPool RequestPool(PoolRequest request)
    {
        var space = ResolveAddressSpace(request.AddressSpace);
        var family = request.V6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        var familyName = request.V6 ? "IPv6" : "IPv4";

        IpPrefix? requested = null;
        if (!string.IsNullOrWhiteSpace(request.Pool))
        {
            requested = IpPrefix.TryParse(request.Pool.Trim(), out var problem)
                ?? throw new IpamException(IpamErrorKind.InvalidRequest, $"--subnet {problem}");
            if (requested.Value.Family != family)
            {
                throw new IpamException(IpamErrorKind.InvalidRequest,
                    $"--subnet {requested} is not an {familyName} subnet, but the daemon asked for an {familyName} pool; give each family its own --subnet");
            }

            if (requested.Value.PrefixLength == 0)
            {
                // --ipam-driver null sends 0.0.0.0/0 too: as a pool it would masquerade everything the host sends.
                throw new IpamException(IpamErrorKind.InvalidRequest,
                    $"--subnet {requested} is the whole {familyName} address space; a network needs a subnet of its own, like {(request.V6 ? "fd00:90::/64" : "10.90.0.0/24")}");
            }
        }

        IpPrefix? subPool = null;
        if (!string.IsNullOrWhiteSpace(request.SubPool))
        {
            if (requested is not { } pool)
            {
                throw new IpamException(IpamErrorKind.InvalidRequest,
                    $"--ip-range {request.SubPool} needs --subnet: give the subnet it belongs to");
            }

            subPool = IpPrefix.TryParse(request.SubPool.Trim(), out var problem)
                ?? throw new IpamException(IpamErrorKind.InvalidRequest, $"--ip-range {problem}");
            if (subPool.Value.Family != pool.Family)
            {
                throw new IpamException(IpamErrorKind.InvalidRequest,
                    $"--ip-range {subPool} and --subnet {pool} are of different address families; give the {familyName} --subnet an {familyName} --ip-range");
            }

            if (!pool.Contains(subPool.Value))
            {
                throw new IpamException(IpamErrorKind.InvalidRequest,
                    $"--ip-range {subPool} is not inside --subnet {pool}; choose a range within the subnet");
            }

            if (PoolState.DynamicRange(pool, subPool).IsEmpty)
            {
                throw new IpamException(IpamErrorKind.InvalidRequest,
                    $"--ip-range {subPool} holds no usable address of {pool} (only its network or broadcast address); choose a larger range");
            }
        }

        // The host's routes come from netlink; fetch them before taking the lock, and only when needed.
        IReadOnlyList<IpPrefix> hostPrefixes = requested is null ? GetHostPrefixes() : [];
        var options = request.Options?.ToDictionary(p => p.Key, p => p.Value) ?? [];

        PoolState state;
        lock (_poolsGate)
        {
            IpPrefix pool;
            if (requested is { } explicitPool)
            {
                if (FindOverlap(explicitPool) is { } holder)
                {
                    throw new IpamException(IpamErrorKind.Conflict,
                        $"subnet {explicitPool} overlaps {holder.Pool} held by {holder.Holder}; choose a --subnet that does not overlap it, or remove that network first");
                }

                pool = explicitPool;
            }
            else
            {
                pool = ChooseDefaultPool(family, hostPrefixes);
            }

            var id = FormatPoolId(space, pool, subPool);
            var now = _time.GetUtcNow().UtcDateTime;
            _store.InsertPool(new PoolDocument
            {
                Id = id,
                AddressSpace = space,
                Pool = pool.ToString(),
                SubPool = subPool?.ToString(),
                Options = options,
                CreatedUtc = now,
            });
            state = new PoolState(id, space, pool, subPool, networkId: null, now);
            _pools[id] = state;
        }

        _logger.PoolAllocated(state.Id, state.Pool.ToString(), state.SubPool?.ToString(), requested is null);
        return new AllocatedPool(state.Id, state.Pool, state.SubPool);
    }

    /// <summary>ReleasePool: drops the pool and its addresses. Unknown IDs succeed (Docker re-sends after crashes).</summary>
    public void ReleasePool(string? poolId)
    {
        if (string.IsNullOrEmpty(poolId))
        {
            return;
        }

        lock (_poolsGate)
        {
            if (!_pools.TryGetValue(poolId, out var state))
            {
                _logger.UnknownPoolReleased(poolId);
                return;
            }

            lock (state.Gate)
            {
                var addresses = _store.DeletePool(poolId);
                state.Released = true;
                _pools.TryRemove(poolId, out _);
                _logger.PoolReleased(poolId, addresses);
            }
        }
    }

    public void AttachNetwork(string poolCidrOrId, string networkId) => AttachNetwork(poolCidrOrId, new PoolAttachment(networkId));

    public void AttachNetwork(string poolCidrOrId, PoolAttachment attachment)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        ArgumentException.ThrowIfNullOrEmpty(attachment.NetworkId);
        lock (_poolsGate)
        {
            var state = FindPoolByIdOrCidr(poolCidrOrId);
            if (state is null || !_store.SetPoolNetwork(state.Id, attachment.NetworkId, attachment.ProbeLink))
            {
                _logger.AttachUnknownPool(attachment.NetworkId, poolCidrOrId);
                return;
            }

            state.NetworkId = attachment.NetworkId;
            state.ProbeLink = attachment.ProbeLink;
            _logger.PoolAttached(state.Id, attachment.NetworkId);
            if (attachment.ProbeLink is { } link)
            {
                _logger.PoolProbed(state.Id, link);
            }

            foreach (var address in attachment.Reserved.Where(a => a.AddressFamily == state.Pool.Family))
            {
                Reserve(state, address);
            }
        }
    }

    /// <summary>Takes an address the network uses itself (lock order: pools gate, then the pool's gate).</summary>
    private void Reserve(PoolState state, System.Net.IPAddress address)
    {
        var value = IpPrefix.ToUInt128(address);
        if (!state.Pool.Usable.Contains(value))
        {
            _logger.ReservedOutsidePool(address.ToString(), state.Id);
            return;
        }

        lock (state.Gate)
        {
            EnsureUsable(state);
            if (!state.TryTake(value))
            {
                // An --aux-address or the gateway on the same address already keeps it from containers.
                _logger.ReservedAlreadyUsed(address.ToString(), state.Id);
                return;
            }

            Persist(state, value, AddressKind.Reserved);
        }
    }

    /// <summary>
    /// The ID names the address space, the pool and the sub-pool, e.g. <c>LocalDefault/10.90.0.0/24</c> or
    /// <c>LocalDefault/10.90.0.0/16/10.90.1.0/24</c>. Pools never overlap, so it is unique among held pools.
    /// </summary>
    internal static string FormatPoolId(string space, IpPrefix pool, IpPrefix? subPool) =>
        subPool is { } sub ? $"{space}/{pool}/{sub}" : $"{space}/{pool}";

    private string ResolveAddressSpace(string? requested)
    {
        // An empty space is what a hand-written request would send; treat it as the local default.
        if (string.IsNullOrEmpty(requested))
        {
            return _options.LocalAddressSpace;
        }

        if (requested != _options.LocalAddressSpace && requested != _options.GlobalAddressSpace)
        {
            throw new IpamException(IpamErrorKind.InvalidRequest,
                $"unknown address space '{requested}'; csnet serves '{_options.LocalAddressSpace}' and '{_options.GlobalAddressSpace}'");
        }

        return requested;
    }

    private IReadOnlyList<IpPrefix> GetHostPrefixes()
    {
        var result = new List<IpPrefix>();
        foreach (var (address, length) in _hostRoutes.GetHostPrefixes())
        {
            // The default route covers everything; it says nothing about which subnets are in use.
            if (length <= 0 || length > (address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128))
            {
                continue;
            }

            result.Add(IpPrefix.FromAddress(address, length));
        }

        return result;
    }

    /// <summary>Caller holds <see cref="_poolsGate"/>.</summary>
    private PoolState? FindOverlap(IpPrefix prefix)
    {
        foreach (var state in _pools.Values)
        {
            if (state.Pool.Overlaps(prefix))
            {
                return state;
            }
        }

        return null;
    }

    /// <summary>Caller holds <see cref="_poolsGate"/>.</summary>
    private IpPrefix ChooseDefaultPool(AddressFamily family, IReadOnlyList<IpPrefix> hostPrefixes)
    {
        var tried = 0;
        foreach (var (basePrefix, size) in DefaultPoolsOf(family))
        {
            var count = UInt128.One << (size - basePrefix.PrefixLength);
            var step = UInt128.One << (basePrefix.Bits - size);
            for (UInt128 i = 0; i < count; i++)
            {
                tried++;
                var candidate = new IpPrefix(basePrefix.Family, basePrefix.Network + (i * step), size);
                if (FindOverlap(candidate) is { } held)
                {
                    _logger.CandidateSkipped(candidate.ToString(), held.Holder);
                    continue;
                }

                if (FirstOverlap(hostPrefixes, candidate) is { } hostPrefix)
                {
                    _logger.CandidateSkipped(candidate.ToString(), $"host network {hostPrefix}");
                    continue;
                }

                return candidate;
            }
        }

        throw new IpamException(IpamErrorKind.Exhausted,
            $"no free default {(family == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4")} pool: all {tried} candidate subnets overlap networks csnet holds or host networks; pass --subnet, remove unused networks, or add default pools (CSNET_DEFAULT_POOLS)");
    }

    private static IpPrefix? FirstOverlap(IReadOnlyList<IpPrefix> prefixes, IpPrefix candidate)
    {
        foreach (var prefix in prefixes)
        {
            if (prefix.Overlaps(candidate))
            {
                return prefix;
            }
        }

        return null;
    }

    /// <summary>Caller holds <see cref="_poolsGate"/>.</summary>
    private PoolState? FindPoolByIdOrCidr(string poolCidrOrId)
    {
        if (_pools.TryGetValue(poolCidrOrId, out var byId))
        {
            return byId;
        }

        if (IpPrefix.TryParse(poolCidrOrId, out _) is not { } prefix)
        {
            return null;
        }

        return _pools.Values.FirstOrDefault(p => p.Pool == prefix);
    }
}
