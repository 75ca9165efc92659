using Csnet.Common.Addressing;

namespace Csnet.Ipam.Allocation;

internal sealed partial class IpamAllocator : IIpamReport
{
    public IReadOnlyList<PoolUsage> Usage()
    {
        var report = new List<PoolUsage>();
        foreach (var state in _pools.Values.OrderBy(p => p.Pool.ToString(), StringComparer.Ordinal))
        {
            lock (state.Gate)
            {
                if (state.Released)
                {
                    continue;
                }

                EnsureLoaded(state);
                var (used, largest) = state.Usage();
                var usable = state.Pool.Usable;
                report.Add(new PoolUsage(
                    state.Id,
                    state.AddressSpace,
                    state.Pool.ToString(),
                    state.SubPool?.ToString(),
                    state.NetworkId,
                    used,
                    usable.IsEmpty ? 0 : usable.End - usable.Start + 1,
                    largest is { } range ? $"{IpPrefix.ToIPAddress(state.Pool.Family, range.Start)}-{IpPrefix.ToIPAddress(state.Pool.Family, range.End)}" : null));
            }
        }

        return report;
    }
}
