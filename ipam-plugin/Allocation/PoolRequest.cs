namespace Csnet.Ipam.Allocation;

/// <summary>
/// A RequestPool call in domain terms. <paramref name="Pool"/> is <c>--subnet</c> (empty: choose one),
/// <paramref name="SubPool"/> is <c>--ip-range</c>, <paramref name="Options"/> are <c>--ipam-opt</c>.
/// </summary>
internal sealed record PoolRequest(
    string? AddressSpace,
    string? Pool,
    string? SubPool,
    bool V6,
    IReadOnlyDictionary<string, string>? Options = null);
