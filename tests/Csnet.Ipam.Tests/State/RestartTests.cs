using Csnet.Ipam.Allocation;
using Csnet.Ipam.Tests.Support;
using LiteDB;

namespace Csnet.Ipam.Tests.State;

/// <summary>Everything answered before a restart is still there after it (new allocator, same file).</summary>
public class RestartTests
{
    [Fact]
    public void Reload_AfterRestart_KeepsPoolsAndAddresses()
    {
        using var file = new TempDatabaseFile();
        string poolId;
        string subPoolId;
        using (var db = new LiteDatabase(file.ConnectionString))
        using (var ipam = new IpamHarness(db))
        {
            poolId = ipam.Pool("10.90.0.0/24").PoolId;
            ipam.Address(poolId, gateway: true);
            ipam.Address(poolId);
            ipam.Address(poolId, "10.90.0.3");
            ipam.Address(poolId);
            ipam.Allocator.ReleaseAddress(poolId, "10.90.0.2");
            subPoolId = ipam.Pool("10.91.0.0/16", "10.91.8.0/24").PoolId;
            ipam.Address(subPoolId, "10.91.0.20");
            ipam.Address(subPoolId);
        }

        using (var db = new LiteDatabase(file.ConnectionString))
        using (var ipam = new IpamHarness(db))
        {
            Assert.Equal("10.90.0.2/24", ipam.Address(poolId));
            Assert.Equal("10.90.0.5/24", ipam.Address(poolId));
            Assert.Throws<IpamException>(() => ipam.Address(poolId, "10.90.0.3"));
            Assert.Throws<IpamException>(() => ipam.Address(poolId, "10.90.0.1"));
            Assert.Throws<IpamException>(() => ipam.Address(subPoolId, "10.91.0.20"));
            Assert.Equal("10.91.8.1/16", ipam.Address(subPoolId));
            Assert.Throws<IpamException>(() => ipam.Pool("10.90.0.0/24"));
            Assert.Equal("172.17.0.0/16", ipam.Pool(null).Pool.ToString());
        }
    }

    [Fact]
    public void Reload_AfterReleasePool_PoolAndAddressesGone()
    {
        using var file = new TempDatabaseFile();
        string poolId;
        using (var db = new LiteDatabase(file.ConnectionString))
        using (var ipam = new IpamHarness(db))
        {
            poolId = ipam.Pool("10.90.0.0/24").PoolId;
            ipam.Address(poolId);
            ipam.Allocator.ReleasePool(poolId);
        }

        using (var db = new LiteDatabase(file.ConnectionString))
        using (var ipam = new IpamHarness(db))
        {
            Assert.Throws<IpamException>(() => ipam.Address(poolId));
            Assert.Equal(poolId, ipam.Pool("10.90.0.0/24").PoolId);
            Assert.Equal("10.90.0.1/24", ipam.Address(poolId));
        }
    }

    [Fact]
    public void Reload_AfterAttach_OverlapStillNamesNetwork()
    {
        using var file = new TempDatabaseFile();
        using (var db = new LiteDatabase(file.ConnectionString))
        using (var ipam = new IpamHarness(db))
        {
            ipam.Pool("10.90.0.0/24");
            ipam.Allocator.AttachNetwork("10.90.0.0/24", "0123456789abcdef0123");
        }

        using (var db = new LiteDatabase(file.ConnectionString))
        using (var ipam = new IpamHarness(db))
        {
            var error = Assert.Throws<IpamException>(() => ipam.Pool("10.90.0.0/25"));
            Assert.Contains("network 0123456789ab ", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void NewAllocator_SameDatabase_SeesEarlierAllocations()
    {
        using var ipam = new IpamHarness();
        var pool = ipam.Pool("10.90.0.0/24");
        ipam.Address(pool.PoolId);

        var restarted = ipam.NewAllocator();

        Assert.Equal("10.90.0.2/24", restarted.RequestAddress(pool.PoolId, null, gateway: false).Cidr);
    }
}
