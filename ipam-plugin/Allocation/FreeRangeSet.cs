using Csnet.Common.Addressing;
namespace Csnet.Ipam.Allocation;

/// <summary>
/// The free addresses of one range as a sorted set of disjoint, non-adjacent intervals. Lowest-free,
/// take-specific and release (with merging) are O(log n) in the number of intervals, which only
/// grows with fragmentation, never with the number of addresses in use, and an empty /64 is one entry.
/// </summary>
/// <remarks>
/// The comparer calls two intervals equal when they overlap. Stored intervals never overlap, so for
/// them it is a strict order; a one-address probe <c>[a, a]</c> is then "equal" to exactly the stored
/// interval containing <c>a</c>, which turns <see cref="SortedSet{T}.TryGetValue"/> into a point lookup.
/// (<see cref="SortedSet{T}.GetViewBetween"/> would re-count the view on every change, so it is avoided.)
/// Not thread-safe: the owning pool's lock guards it.
/// </remarks>
internal sealed class FreeRangeSet
{
    private readonly SortedSet<AddressRange> _free = new(OverlapComparer.Instance);

    public FreeRangeSet(AddressRange range)
    {
        Range = range;
        if (!range.IsEmpty)
        {
            _free.Add(range);
        }
    }

    /// <summary>The whole range this set manages, free or not.</summary>
    public AddressRange Range { get; }

    /// <summary>Number of free intervals (a measure of fragmentation).</summary>
    public int IntervalCount => _free.Count;

    public bool IsFree(UInt128 address) => _free.TryGetValue(new AddressRange(address, address), out _);

    public bool TryTakeLowest(out UInt128 address)
    {
        if (_free.Count == 0)
        {
            address = default;
            return false;
        }

        var lowest = _free.Min;
        _free.Remove(lowest);
        if (lowest.Start < lowest.End)
        {
            _free.Add(lowest with { Start = lowest.Start + 1 });
        }

        address = lowest.Start;
        return true;
    }

    /// <summary>Marks <paramref name="address"/> used; false when it is outside the range or already used.</summary>
    public bool TryTake(UInt128 address)
    {
        if (!_free.TryGetValue(new AddressRange(address, address), out var interval))
        {
            return false;
        }

        _free.Remove(interval);
        if (interval.Start < address)
        {
            _free.Add(new AddressRange(interval.Start, address - 1));
        }

        if (address < interval.End)
        {
            _free.Add(new AddressRange(address + 1, interval.End));
        }

        return true;
    }

    /// <summary>Marks <paramref name="address"/> free again, merging with its neighbours; false when it was not used.</summary>
    public bool Release(UInt128 address)
    {
        if (!Range.Contains(address) || IsFree(address))
        {
            return false;
        }

        var start = address;
        var end = address;
        if (address > Range.Start && _free.TryGetValue(new AddressRange(address - 1, address - 1), out var left))
        {
            _free.Remove(left);
            start = left.Start;
        }

        if (address < Range.End && _free.TryGetValue(new AddressRange(address + 1, address + 1), out var right))
        {
            _free.Remove(right);
            end = right.End;
        }

        _free.Add(new AddressRange(start, end));
        return true;
    }

    /// <summary>How many addresses are free and the largest free interval (null when none): O(intervals), for reports.</summary>
    public (UInt128 Free, AddressRange? Largest) Summary()
    {
        UInt128 free = 0;
        AddressRange? largest = null;
        foreach (var interval in _free)
        {
            var size = interval.End - interval.Start + 1;
            free += size;
            if (largest is not { } best || size > best.End - best.Start + 1)
            {
                largest = interval;
            }
        }

        return (free, largest);
    }

    private sealed class OverlapComparer : IComparer<AddressRange>
    {
        public static readonly OverlapComparer Instance = new();

        public int Compare(AddressRange x, AddressRange y) =>
            x.End < y.Start ? -1 : x.Start > y.End ? 1 : 0;
    }
}
