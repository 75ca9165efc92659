using System.Collections.Concurrent;
using System.Net.Sockets;
using Csnet.Common.Addressing;
using Csnet.Ipam.Allocation;
using Csnet.Ipam.Tests.Support;

namespace Csnet.Ipam.Tests.Allocation;

public sealed class IpamAllocatorIPv6Tests
{
    private static AllocatedPool Pool6(IpamHarness ipam, string? pool = null, string? subPool = null) =>
        ipam.Allocator.RequestPool(new PoolRequest("LocalDefault", pool, subPool, V6: true));

    [Fact]
    public void RequestPool_ExplicitSlash64_GatewayIsTheFirstAddressAndContainersFollow()
    {
        using var ipam = new IpamHarness();
        var pool = Pool6(ipam, "fd5c:90::/64");

        Assert.Equal("LocalDefault/fd5c:90::/64", pool.PoolId);
        Assert.Equal("fd5c:90::1/64", ipam.Address(pool.PoolId, gateway: true));
        Assert.Equal("fd5c:90::2/64", ipam.Address(pool.PoolId));
        Assert.Equal("fd5c:90::3/64", ipam.Address(pool.PoolId));
        Assert.Equal("fd5c:90::beef/64", ipam.Address(pool.PoolId, "fd5c:90::beef"));
    }

    [Fact]
    public void RequestPool_IPv4SubnetAskedAsIPv6_NamesTheFamily()
    {
        using var ipam = new IpamHarness();

        var error = Assert.Throws<IpamException>(() => Pool6(ipam, "10.90.0.0/24"));

        Assert.Contains("not an IPv6 subnet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequestPool_MixedFamiliesInIpRange_Refused()
    {
        using var ipam = new IpamHarness();

        var error = Assert.Throws<IpamException>(() => Pool6(ipam, "fd5c:90::/64", "10.90.0.0/28"));

        Assert.Contains("different address families", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequestPool_IPv6IpRange_AddressesComeFromIt()
    {
        using var ipam = new IpamHarness();
        var pool = Pool6(ipam, "fd5c:90::/64", "fd5c:90::100/120");

        Assert.Equal("fd5c:90::1/64", ipam.Address(pool.PoolId, gateway: true));
        Assert.Equal("fd5c:90::100/64", ipam.Address(pool.PoolId));
    }

    [Fact]
    public void RequestAddress_GatewayOutsideSubnet_NamesTheGateway()
    {
        using var ipam = new IpamHarness();
        var pool = Pool6(ipam, "fd5c:90::/64");

        var error = Assert.Throws<IpamException>(() => ipam.Address(pool.PoolId, "fd5c:91::1", gateway: true));

        Assert.Contains("--gateway fd5c:91::1 is outside --subnet fd5c:90::/64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequestPool_Automatic_SlashSixtyFoursOfOneUniqueLocalSlash48StableAcrossRestarts()
    {
        using var ipam = new IpamHarness();

        var first = IpPrefix.Parse(Pool6(ipam).Pool.ToString());
        var second = IpPrefix.Parse(Pool6(ipam).Pool.ToString());
        var afterRestart = IpPrefix.Parse(ipam.NewAllocator().RequestPool(new PoolRequest("LocalDefault", null, null, V6: true)).Pool.ToString());

        var ula = IpPrefix.FromAddress(first.NetworkAddress, 48);
        Assert.Equal(64, first.PrefixLength);
        Assert.Equal(0xfdUL, (ulong)(first.Network >> 120));
        Assert.True(ula.Contains(second) && ula.Contains(afterRestart));
        Assert.Equal(3, new[] { first, second, afterRestart }.Distinct().Count());
        Assert.Equal(first.Network + ((UInt128)1 << 64), second.Network);
    }

    [Fact]
    public void RequestPool_Automatic_SkipsSlash64sTheHostUses()
    {
        using var probe = new IpamHarness();
        var ula = IpPrefix.FromAddress(Pool6(probe).Pool.NetworkAddress, 48);
        var firstTwo = ula.NetworkAddress.ToString();

        using var ipam = new IpamHarness(probe.Database, null, (firstTwo, 63));
        probe.Allocator.ReleasePool(probe.Allocator.RequestPool(new PoolRequest("LocalDefault", null, null, V6: true)).PoolId);

        var chosen = IpPrefix.Parse(ipam.NewAllocator().RequestPool(new PoolRequest("LocalDefault", null, null, V6: true)).Pool.ToString());

        Assert.Equal(ula.Network + ((UInt128)2 << 64), chosen.Network);
    }

    [Fact]
    public void RequestPool_ConfiguredIPv6DefaultPool_UsedInsteadOfTheDerivedOne()
    {
        var options = new IpamOptions { DefaultPools = [new("fd00:77::/56", 64)] };
        using var ipam = new IpamHarness(options: options);

        Assert.Equal("fd00:77::/64", Pool6(ipam).Pool.ToString());
        Assert.Equal("fd00:77:0:1::/64", Pool6(ipam).Pool.ToString());
    }

    [Fact]
    public void Derive_SameHostId_SamePrefixLikeDocker()
    {
        // Docker 27's derivation for engine id "test": sha256 begins 9f86d081884c7d65, so the
        // 40-bit global ID is 0x81884c7d65.
        var prefix = UniqueLocalPrefix.Derive("test");

        Assert.Equal("fd81:884c:7d65::/48", prefix.ToString());
        Assert.Equal(AddressFamily.InterNetworkV6, prefix.Family);
    }

    [Fact]
    public async Task RequestAddress_EightWorkersOnASlash64_UniqueAndPersisted()
    {
        using var file = new TempDatabaseFile();
        List<string> handed;
        string poolId;
        using (var db = new LiteDB.LiteDatabase(file.ConnectionString))
        using (var ipam = new IpamHarness(db))
        {
            poolId = Pool6(ipam, "fd5c:90::/64").PoolId;
            var results = new ConcurrentBag<string>();
            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            {
                for (var i = 0; i < 250; i++)
                    results.Add(ipam.Address(poolId));
            })));
            handed = results.ToList();
        }

        Assert.Equal(2000, handed.Distinct(StringComparer.Ordinal).Count());
        using var reopened = new LiteDB.LiteDatabase(file.ConnectionString);
        using var restarted = new IpamHarness(reopened);
        var next = restarted.Address(poolId);
        Assert.DoesNotContain(next, handed);
        Assert.Equal("fd5c:90::7d1/64", next);
    }
}
