using Csnet.Common.Addressing;
using Csnet.Ipam.State;

namespace Csnet.Ipam.Allocation;

internal sealed partial class IpamAllocator
{
    /// <summary>
    /// RequestAddress. <paramref name="address"/> set: reserve exactly it (anywhere in the pool, also
    /// outside the sub-pool, as Docker requires for <c>--aux-address</c>). Empty: the gateway gets the
    /// pool's first usable address, anything else the lowest free address of the sub-pool (or pool).
    /// On a pool with a probe link (a macvlan network) every address but the gateway is first asked
    /// for on the LAN (<see cref="RequestProbed"/>).
    /// </summary>
    public ValueTask<AllocatedAddress> RequestAddressAsync(string? poolId, string? address, bool gateway, CancellationToken cancellationToken = default)
    {
        var state = GetPool(poolId);
        UInt128? wanted = string.IsNullOrWhiteSpace(address) ? null : ParseAddressInPool(state, address.Trim(), gateway);

        // The gateway is the LAN's router, which answers by design: it is never probed. Only
        // probed pools wait; every other request completes synchronously.
        return !gateway && state.ProbeLink is { } link
            ? new ValueTask<AllocatedAddress>(RequestProbedAsync(state, wanted, link, cancellationToken))
            : ValueTask.FromResult(Allocate(state, wanted, gateway));
    }

    private AllocatedAddress Allocate(PoolState state, UInt128? wanted, bool gateway)
    {
        lock (state.Gate)
        {
            EnsureUsable(state);
            UInt128 chosen;
            AddressKind kind;
            if (wanted is { } exact)
            {
                if (!state.TryTake(exact))
                {
                    throw InUse(state, exact);
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

            return Persist(state, chosen, kind);
        }
    }

    /// <summary>
    /// An address of a probed pool. The candidate is taken in memory under the pool's gate, the
    /// probe runs outside it (so requests in parallel probe different candidates and nothing waits
    /// on the LAN behind a lock), and the answer decides under the gate again: nobody answered,
    /// the address is stored and handed out; a host answered, it stays taken as "seen on the LAN"
    /// for <see cref="IpamOptions.LanSeenFor"/> and the next candidate is tried, at most
    /// <see cref="IpamOptions.MaxProbesPerRequest"/> of them. An explicit address that answers is refused.
    /// </summary>
    private async Task<AllocatedAddress> RequestProbedAsync(PoolState state, UInt128? wanted, string link, CancellationToken cancellationToken)
    {
        var attempts = wanted is null ? _options.MaxProbesPerRequest : 1;
        var answered = new List<string>();
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            UInt128 candidate;
            lock (state.Gate)
            {
                EnsureUsable(state);
                state.ExpireSeen(_time.GetUtcNow());
                if (wanted is { } exact)
                {
                    // Asked for by name: the LAN is asked again rather than trusting an old answer.
                    state.Unsee(exact);
                    if (!state.TryTake(exact))
                    {
                        throw InUse(state, exact);
                    }

                    candidate = exact;
                }
                else if (!state.TryTakeLowest(out candidate))
                {
                    throw Exhausted(state);
                }
            }

            var holder = await ProbeReleasingOnCancelAsync(state, link, candidate, cancellationToken).ConfigureAwait(false);
            lock (state.Gate)
            {
                if (state.Released)
                {
                    throw UnknownPool(state.Id);
                }

                if (holder is null)
                {
                    return Persist(state, candidate, wanted is null ? AddressKind.Dynamic : AddressKind.Explicit);
                }

                state.MarkSeen(candidate, holder, _time.GetUtcNow() + _options.LanSeenFor);
                var text = state.Pool.FormatAddress(candidate);
                _logger.AddressSeenOnLan(text, state.Id, link, FormatMac(holder));
                if (wanted is not null)
                {
                    throw new IpamException(IpamErrorKind.Conflict,
                        $"address {text} is already used on the LAN: a host with MAC {FormatMac(holder)} answered for it on {link} ({state.Holder}); pick another address, free it on the LAN, or create the network with -o csnet.probe=false");
                }

                answered.Add($"{text} ({FormatMac(holder)})");
            }
        }

        throw new IpamException(IpamErrorKind.Exhausted,
            $"the next {answered.Count} free addresses of pool {state.Pool} answered on the LAN on {link}: {string.Join(", ", answered)}; csnet skips them for {_options.LanSeenFor.TotalMinutes:0.#} minutes ({state.Holder}). Retry to try further addresses, give one with --ip, or create the network with -o csnet.probe=false");
    }

    /// <summary>
    /// Asks the LAN about a taken candidate. A probe that fails (the link went away, a socket
    /// error) is logged and counts as "nobody answered": the probe avoids conflicts, it does not
    /// decide whether containers start. Cancellation frees the candidate again.
    /// </summary>
    private async Task<System.Net.NetworkInformation.PhysicalAddress?> ProbeReleasingOnCancelAsync(PoolState state, string link, UInt128 candidate, CancellationToken cancellationToken)
    {
        var address = IpPrefix.ToIPAddress(state.Pool.Family, candidate);
        try
        {
            return await _lanProbe.ProbeAsync(link, address, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            lock (state.Gate)
            {
                state.Release(candidate);
            }

            throw;
        }
        catch (Exception error)
        {
            _logger.LanProbeFailed(error, address.ToString(), link, state.Id);
            return null;
        }
    }

    /// <summary>Stores a taken address (undone in memory if the store refuses) and logs it. Caller holds the pool's gate.</summary>
    private AllocatedAddress Persist(PoolState state, UInt128 chosen, AddressKind kind)
    {
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

    private static IpamException InUse(PoolState state, UInt128 address) => new(IpamErrorKind.Conflict,
        $"address {state.Pool.FormatAddress(address)} is already in use in pool {state.Pool} ({state.Holder}); pick another address or disconnect the container that has it");

    private static string FormatMac(System.Net.NetworkInformation.PhysicalAddress mac) =>
        string.Join(':', mac.GetAddressBytes().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

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
            if (!state.IsUsed(value) || state.IsSeen(value))
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
        var seen = state.SeenCount > 0 ? $"; {state.SeenCount} of them are skipped for a while because hosts on the LAN answered for them" : "";
        return new IpamException(IpamErrorKind.Exhausted,
            $"no free address left in {where} ({range}, {state.Holder}){seen}; disconnect unused containers or recreate the network with a larger --subnet/--ip-range");
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
