using Csnet.Common.Addressing;
using System.Collections.Concurrent;
using Csnet.Ipam.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Csnet.Ipam.Allocation;

/// <summary>
/// The IPAM: pools and addresses, persisted through <see cref="IIpamStore"/> before any answer.
/// </summary>
/// <remarks>
/// Locking: <see cref="_poolsGate"/> (short, global) covers creating, releasing and attaching pools;
/// each pool's <see cref="PoolState.Gate"/> covers its addresses, so allocations in different pools
/// run in parallel. Order is always pools gate, then pool gate.
/// </remarks>
internal sealed partial class IpamAllocator : IPoolOwners
{
    private readonly IIpamStore _store;
    private readonly IHostRoutes _hostRoutes;
    private readonly ILanProbe _lanProbe;
    private readonly IpamOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<IpamAllocator> _logger;
    private readonly Lock _poolsGate = new();
    private readonly ConcurrentDictionary<string, PoolState> _pools = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<(IpPrefix Base, int Size)> _defaultPools;
    private readonly Lazy<IpPrefix> _uniqueLocal;

    public IpamAllocator(
        IIpamStore store,
        IHostRoutes hostRoutes,
        ILanProbe lanProbe,
        IOptions<IpamOptions> options,
        TimeProvider time,
        ILogger<IpamAllocator> logger)
    {
        _store = store;
        _hostRoutes = hostRoutes;
        _lanProbe = lanProbe;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _defaultPools = ParseDefaultPools(_options);
        _uniqueLocal = new Lazy<IpPrefix>(() => UniqueLocalPrefix.Derive(_store.GetOrCreateHostId()));

        foreach (var document in _store.LoadPools())
        {
            var state = FromDocument(document);
            _pools[state.Id] = state;
        }

        _logger.PoolsLoaded(_pools.Count);
    }

    public string LocalAddressSpace => _options.LocalAddressSpace;

    public string GlobalAddressSpace => _options.GlobalAddressSpace;

    /// <summary>
    /// Where automatic pools of <paramref name="family"/> come from, in order: the configured default
    /// pools of that family; for IPv6 without any, /64s of the host's unique local /48, as Docker 27 does.
    /// </summary>
    private IEnumerable<(IpPrefix Base, int Size)> DefaultPoolsOf(System.Net.Sockets.AddressFamily family)
    {
        var configured = _defaultPools.Where(p => p.Base.Family == family).ToList();
        if (configured.Count > 0 || family != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return configured;
        }

        return [(_uniqueLocal.Value, 64)];
    }

    private static IReadOnlyList<(IpPrefix Base, int Size)> ParseDefaultPools(IpamOptions options)
    {
        var result = new List<(IpPrefix, int)>();
        foreach (var entry in options.DefaultPools)
        {
            var parsed = IpPrefix.TryParse(entry.Base, out var problem)
                ?? throw new OptionsValidationException(nameof(IpamOptions), typeof(IpamOptions), [$"DefaultPools: {problem}"]);
            result.Add((parsed, entry.Size));
        }

        return result;
    }

    private static PoolState FromDocument(PoolDocument document)
    {
        var pool = IpPrefix.TryParse(document.Pool, out var problem)
            ?? throw new InvalidDataException($"stored IPAM pool {document.Id} is corrupt: {problem}");
        IpPrefix? subPool = null;
        if (document.SubPool is { Length: > 0 } subText)
        {
            subPool = IpPrefix.TryParse(subText, out problem)
                ?? throw new InvalidDataException($"stored IPAM pool {document.Id} is corrupt: {problem}");
        }

        return new PoolState(document.Id, document.AddressSpace, pool, subPool, document.NetworkId, document.CreatedUtc, document.ProbeLink);
    }
}
