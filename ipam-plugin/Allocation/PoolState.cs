using System.Net.NetworkInformation;
using Csnet.Common.Addressing;
namespace Csnet.Ipam.Allocation;

/// <summary>
/// One held pool in memory. <see cref="Gate"/> serialises every address change of this pool (pools
/// never wait on each other). The free index is built from the store on first use.
/// </summary>
internal sealed class PoolState(string id, string addressSpace, IpPrefix pool, IpPrefix? subPool, string? networkId, DateTime requestedUtc = default, string? probeLink = null)
{
    private readonly Dictionary<UInt128, (PhysicalAddress Mac, DateTimeOffset Until)> _seen = [];
    private FreeRangeSet? _dynamicFree;
    private HashSet<UInt128>? _usedOutside;

    public string Id { get; } = id;

    public string AddressSpace { get; } = addressSpace;

    public IpPrefix Pool { get; } = pool;

    public IpPrefix? SubPool { get; } = subPool;

    /// <summary>Where lowest-free allocation happens: the sub-pool (or pool) minus network/broadcast.</summary>
    public AddressRange Dynamic { get; } = DynamicRange(pool, subPool);

    public Lock Gate { get; } = new();

    /// <summary>When RequestPool handed it out.</summary>
    public DateTime RequestedUtc { get; } = requestedUtc;

    /// <summary>Set under the pools lock; read without it only to describe the holder.</summary>
    public volatile string? NetworkId = networkId;

    /// <summary>The link addresses are probed on before they are handed out; null: no probe. Set under the pools lock.</summary>
    public volatile string? ProbeLink = probeLink;

    /// <summary>Set under <see cref="Gate"/> once ReleasePool has removed the pool; later calls treat it as unknown.</summary>
    public bool Released { get; set; }

    public bool IsLoaded => _dynamicFree is not null;

    public string Holder => NetworkId is { } network
        ? $"network {network[..Math.Min(12, network.Length)]} (pool ID {Id})"
        : $"pool ID {Id}";

    public static AddressRange DynamicRange(IpPrefix pool, IpPrefix? subPool)
    {
        var usable = pool.Usable;
        if (subPool is not { } sub)
        {
            return usable;
        }

        return new AddressRange(UInt128.Max(usable.Start, sub.First), UInt128.Min(usable.End, sub.Last));
    }

    /// <summary>Builds the free index from the stored addresses. Caller holds <see cref="Gate"/>.</summary>
    public void Load(IEnumerable<UInt128> used)
    {
        _dynamicFree = new FreeRangeSet(Dynamic);
        _usedOutside = [];
        foreach (var address in used)
        {
            TryTake(address);
        }
    }

    /// <summary>Marks a usable address of the pool used; false when it already is. Caller holds <see cref="Gate"/>.</summary>
    public bool TryTake(UInt128 address) => Dynamic.Contains(address)
        ? Free.TryTake(address)
        : Outside.Add(address);

    public bool TryTakeLowest(out UInt128 address) => Free.TryTakeLowest(out address);

    public bool IsUsed(UInt128 address) => Dynamic.Contains(address)
        ? !Free.IsFree(address)
        : Outside.Contains(address);

    public bool Release(UInt128 address) => Dynamic.Contains(address)
        ? Free.Release(address)
        : Outside.Remove(address);

    /// <summary>How many addresses are held as seen on the LAN now. Caller holds <see cref="Gate"/>.</summary>
    public int SeenCount => _seen.Count;

    /// <summary>
    /// Keeps an address that answered on the LAN taken, in memory only, until <paramref name="until"/>:
    /// lowest-free allocation walks past it, and a restart forgets it (the LAN is asked again).
    /// The address must already be taken. Caller holds <see cref="Gate"/>.
    /// </summary>
    public void MarkSeen(UInt128 address, PhysicalAddress mac, DateTimeOffset until) => _seen[address] = (mac, until);

    public bool IsSeen(UInt128 address) => _seen.ContainsKey(address);

    /// <summary>Frees a seen address again (it is asked about anew); false when it was not seen. Caller holds <see cref="Gate"/>.</summary>
    public bool Unsee(UInt128 address) => _seen.Remove(address) && Release(address);

    /// <summary>Frees every seen address whose time is up. Caller holds <see cref="Gate"/>.</summary>
    public void ExpireSeen(DateTimeOffset now)
    {
        foreach (var (address, _) in _seen.Where(s => s.Value.Until <= now).ToList())
        {
            _seen.Remove(address);
            Release(address);
        }
    }

    /// <summary>Addresses in use (dynamic range and explicit ones outside it) and the largest free interval. Caller holds <see cref="Gate"/>.</summary>
    public (UInt128 Used, AddressRange? LargestFree) Usage()
    {
        var (free, largest) = Free.Summary();
        var dynamicSize = Dynamic.IsEmpty ? 0 : Dynamic.End - Dynamic.Start + 1;
        return (dynamicSize - free + (UInt128)Outside.Count, largest);
    }

    private FreeRangeSet Free => _dynamicFree ?? throw new InvalidOperationException($"pool {Id} is not loaded");

    // Explicit addresses outside --ip-range (gateway, --aux-address); a set sized by use, not by pool.
    private HashSet<UInt128> Outside => _usedOutside ?? throw new InvalidOperationException($"pool {Id} is not loaded");
}
