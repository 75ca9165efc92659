namespace Csnet.Ipam;

/// <summary>What the IPAM holds, for csnetctl and metrics: read-only, one pool at a time under its lock.</summary>
public interface IIpamReport
{
    IReadOnlyList<PoolUsage> Usage();
}

/// <summary>
/// One held pool: <paramref name="Used"/> counts every address taken (gateway, containers,
/// --aux-address), <paramref name="Usable"/> the pool without its network and broadcast address;
/// <paramref name="LargestFree"/> is the widest run of free addresses csnet hands out from ("a-b"), null when none.
/// </summary>
public sealed record PoolUsage(string Id, string AddressSpace, string Pool, string? SubPool, string? NetworkId, UInt128 Used, UInt128 Usable, string? LargestFree);
