using Csnet.Ipam.Allocation;

namespace Csnet.Ipam.Tests.Support;

/// <summary>RequestAddressAsync, waited for: only probed pools ever wait, and the tests' fake LAN answers at once.</summary>
internal static class AllocatorSync
{
    public static AllocatedAddress RequestAddress(this IpamAllocator allocator, string? poolId, string? address, bool gateway, CancellationToken cancellationToken = default) =>
        allocator.RequestAddressAsync(poolId, address, gateway, cancellationToken).AsTask().GetAwaiter().GetResult();
}
