using Csnet.Common.Addressing;
using Csnet.Ipam.State;

namespace Csnet.Ipam.Allocation;

internal sealed partial class IpamAllocator
{
    /// <summary>
    /// RequestAddress. <paramref name="address"/> set: reserve exactly it (anywhere in the pool, also
    /// outside the sub-pool, as Docker requires for <c>--aux-address</c>). Empty: the gateway gets the
    /// pool's first usable address, anything else the lowest free address of the sub-pool (or pool).
    /// </summary>
    public AllocatedAddress RequestAddress(string? poolId, string? address, bool gateway)
    {
        var state = GetPool(poolId);
        UInt128? wanted = string.IsNullOrWhiteSpace(address) ? null : ParseAddressInPool(state, address.Trim(), gateway);

        lock (state.Gate)
        {
            EnsureUsable(state);
            UInt128 chosen;
            AddressKind kind;
            if (wanted is { } exact)
            {
                if (!state.TryTake(exact))
                {
                    throw new IpamException(IpamErrorKind.Conflict,
                        $"address {state.Pool.FormatAddress(exact)} is already in use in pool {state.Pool} ({state.Holder}); pick another address or disconnect the container that has it");
                }

                chosen = exact;
                kind = gateway ? AddressKind.Gateway : AddressKind.Explicit;
            }
            else if (gateway)
            {
                // The conventional gateway is the first usable address; if an earlier --aux-address
                // took it, fall back to the lowest free one rather than failing the network.
                chosen = state.Pool.Usable.Start;
                if (!state.TryTake(chosen) && !state.TryTakeLowest(out chosen))
                {
                    throw Exhausted(state);
                }

                kind = AddressKind.Gateway;
            }
            else
            {
                if (!state.TryTakeLowest(out chosen))
                {
                    throw Exhausted(state);
                }

                kind = AddressKind.Dynamic;
            }

            var text = state.Pool.FormatAddress(chosen);
            try
            {
                _store.InsertAddress(new AddressDocument
                {
                    Id = AddressDocument.MakeId(state.Id, text),
                    PoolId = state.Id,
                    Address = text,
                    Kind = kind,
                    CreatedUtc = _time.GetUtcNow().UtcDateTime,
                });
            }
            catch
            {
                state.Release(chosen);
                throw;
            }

            _logger.AddressAllocated(text, state.Id, kind);
            return new AllocatedAddress(state.Id, state.Pool, chosen);
        }
    }

    /// <summary>ReleaseAddress. Unknown pools and addresses not in use succeed (Docker re-sends after crashes).</summary>
    public void ReleaseAddress(string? poolId, string? address)
    {
        if (string.IsNullOrEmpty(poolId) || !_pools.TryGetValue(poolId, out var state))
        {
            _logger.UnknownPoolReleased(poolId ?? "");
            return;
        }

        if (!IpPrefix.TryParseAddress(StripPrefix(address), out var ip)
            || ip.AddressFamily != state.Pool.Family
            || IpPrefix.ToUInt128(ip) is var value && !state.Pool.Contains(value))
        {
            _logger.UnknownAddressReleased(address, state.Id);
            return;
        }

        lock (state.Gate)
        {
            if (state.Released)
            {
                _logger.UnknownPoolReleased(state.Id);
                return;
            }

            EnsureLoaded(state);
            if (!state.IsUsed(value))
            {
                _logger.UnknownAddressReleased(address, state.Id);
                return;
            }

            var text = state.Pool.FormatAddress(value);
            _store.DeleteAddress(state.Id, text);
            state.Release(value);
            _logger.AddressReleased(text, state.Id);
        }
    }

    private PoolState GetPool(string? poolId)
    {
        if (string.IsNullOrWhiteSpace(poolId))
        {
            throw new IpamException(IpamErrorKind.InvalidRequest, "RequestAddress without a PoolID; the daemon must pass the ID RequestPool returned");
        }

        return _pools.TryGetValue(poolId, out var state) ? state : throw UnknownPool(poolId);
    }

    private static IpamException UnknownPool(string poolId) => new(IpamErrorKind.NotFound,
        $"unknown pool ID {poolId}: csnet holds no such pool (it was released or never created here); remove and recreate the network");

    private static IpamException Exhausted(PoolState state)
    {
        var range = state.Pool.FormatAddress(state.Dynamic.Start) + "-" + state.Pool.FormatAddress(state.Dynamic.End);
        var where = state.SubPool is { } sub ? $"--ip-range {sub} of pool {state.Pool}" : $"pool {state.Pool}";
        return new IpamException(IpamErrorKind.Exhausted,
            $"no free address left in {where} ({range}, {state.Holder}); disconnect unused containers or recreate the network with a larger --subnet/--ip-range");
    }

    private static UInt128 ParseAddressInPool(PoolState state, string text, bool gateway)
    {
        if (!IpPrefix.TryParseAddress(StripPrefix(text), out var ip))
        {
            throw new IpamException(IpamErrorKind.InvalidRequest,
                $"'{text}' is not a valid IP address; write it like {state.Pool.FormatAddress(state.Pool.Usable.Start)}");
        }

        var value = ip.AddressFamily == state.Pool.Family ? IpPrefix.ToUInt128(ip) : (UInt128?)null;
        if (value is not { } inFamily || !state.Pool.Contains(inFamily))
        {
            throw new IpamException(IpamErrorKind.InvalidRequest, gateway
                ? $"--gateway {ip} is outside --subnet {state.Pool}; choose a gateway inside {state.Pool}"
                : $"address {ip} is outside pool {state.Pool} ({state.Holder}); pick an address inside {state.Pool}");
        }

        if (!state.Pool.Usable.Contains(inFamily))
        {
            throw new IpamException(IpamErrorKind.InvalidRequest,
                $"address {ip} is the network or broadcast address of pool {state.Pool}; pick an address from {state.Pool.FormatAddress(state.Pool.Usable.Start)} to {state.Pool.FormatAddress(state.Pool.Usable.End)}");
        }

        return inFamily;
    }

    // Docker sends bare addresses; a CIDR from a hand-written request is tolerated.
    private static string? StripPrefix(string? text) =>
        text is not null && text.IndexOf('/') is var slash and >= 0 ? text[..slash] : text;

    /// <summary>Caller holds the pool's gate.</summary>
    private void EnsureUsable(PoolState state)
    {
        if (state.Released)
        {
            throw UnknownPool(state.Id);
        }

        EnsureLoaded(state);
    }

    /// <summary>Builds the pool's free index from the database on first use. Caller holds the pool's gate.</summary>
    private void EnsureLoaded(PoolState state)
    {
        if (state.IsLoaded)
        {
            return;
        }

        var used = new List<UInt128>();
        foreach (var document in _store.LoadAddresses(state.Id))
        {
            if (IpPrefix.TryParseAddress(document.Address, out var ip) && ip.AddressFamily == state.Pool.Family)
            {
                used.Add(IpPrefix.ToUInt128(ip));
            }
        }

        state.Load(used);
        _logger.PoolIndexLoaded(state.Id, used.Count);
    }
}
