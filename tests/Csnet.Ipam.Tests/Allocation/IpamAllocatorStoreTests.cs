using Csnet.Ipam.Allocation;
using Csnet.Ipam.State;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

using Csnet.Ipam.Tests.Support;

namespace Csnet.Ipam.Tests.Allocation;

/// <summary>How the allocator uses its store: write before answering, read a pool once.</summary>
public class IpamAllocatorStoreTests
{
    private readonly Mock<IIpamStore> _store = new();

    public IpamAllocatorStoreTests()
    {
        _store.Setup(s => s.LoadPools()).Returns([]);
        _store.Setup(s => s.LoadAddresses(It.IsAny<string>())).Returns([]);
    }

    [Fact]
    public void RequestAddress_ManyCalls_LoadsPoolFromStoreOnce()
    {
        var allocator = NewAllocator();
        var pool = allocator.RequestPool(new PoolRequest("LocalDefault", "10.90.0.0/16", null, false));

        for (var i = 0; i < 1000; i++)
        {
            allocator.RequestAddress(pool.PoolId, null, gateway: false);
        }

        _store.Verify(s => s.LoadAddresses(pool.PoolId), Times.Once);
        _store.Verify(s => s.InsertAddress(It.IsAny<AddressDocument>()), Times.Exactly(1000));
    }

    [Fact]
    public void RequestAddress_StoreFails_AddressNotHandedOutAndReusable()
    {
        var allocator = NewAllocator();
        var pool = allocator.RequestPool(new PoolRequest("LocalDefault", "10.90.0.0/24", null, false));
        _store.SetupSequence(s => s.InsertAddress(It.IsAny<AddressDocument>()))
            .Throws(new IOException("disk full"))
            .Pass();

        Assert.Throws<IOException>(() => allocator.RequestAddress(pool.PoolId, null, gateway: false));

        Assert.Equal("10.90.0.1/24", allocator.RequestAddress(pool.PoolId, null, gateway: false).Cidr);
    }

    [Fact]
    public void RequestPool_StoreFails_PoolNotHeld()
    {
        var allocator = NewAllocator();
        _store.SetupSequence(s => s.InsertPool(It.IsAny<PoolDocument>()))
            .Throws(new IOException("disk full"))
            .Pass();

        Assert.Throws<IOException>(() => allocator.RequestPool(new PoolRequest("LocalDefault", "10.90.0.0/24", null, false)));

        Assert.Equal("10.90.0.0/24", allocator.RequestPool(new PoolRequest("LocalDefault", "10.90.0.0/24", null, false)).Pool.ToString());
    }

    [Fact]
    public void ReleasePool_StoreFails_PoolStillHeld()
    {
        var allocator = NewAllocator();
        var pool = allocator.RequestPool(new PoolRequest("LocalDefault", "10.90.0.0/24", null, false));
        _store.Setup(s => s.DeletePool(pool.PoolId)).Throws(new IOException("disk full"));

        Assert.Throws<IOException>(() => allocator.ReleasePool(pool.PoolId));

        Assert.Equal("10.90.0.1/24", allocator.RequestAddress(pool.PoolId, null, gateway: false).Cidr);
    }

    [Fact]
    public void ReleaseAddress_StoreFails_AddressStaysUsed()
    {
        var allocator = NewAllocator();
        var pool = allocator.RequestPool(new PoolRequest("LocalDefault", "10.90.0.0/24", null, false));
        allocator.RequestAddress(pool.PoolId, null, gateway: false);
        _store.Setup(s => s.DeleteAddress(pool.PoolId, "10.90.0.1")).Throws(new IOException("disk full"));

        Assert.Throws<IOException>(() => allocator.ReleaseAddress(pool.PoolId, "10.90.0.1"));

        Assert.Equal("10.90.0.2/24", allocator.RequestAddress(pool.PoolId, null, gateway: false).Cidr);
    }

    private IpamAllocator NewAllocator() => new(
        _store.Object,
        Mock.Of<IHostRoutes>(),
        Mock.Of<ILanProbe>(),
        Options.Create(new IpamOptions()),
        TimeProvider.System,
        NullLogger<IpamAllocator>.Instance);
}
