using Csnet.Ipam.Allocation;
using Csnet.Ipam.Tests.Support;

namespace Csnet.Ipam.Tests.Allocation;

public class IpamAllocatorAddressTests
{
    [Fact]
    public void RequestAddress_Gateway_FirstUsableAddress()
    {
        using var ipam = new IpamHarness();
        var pool = ipam.Pool("10.90.0.0/24");

        Assert.Equal("10.90.0.1/24", ipam.Address(pool.PoolId, gateway: true));
    }

    [Fact]
    public void RequestAddress_GatewayWithSubPool_StillFirstOfPool()
    {
        using var ipam = new IpamHarness();
        var pool = ipam.Pool("10.90.0.0/16", "10.90.7.0/24");

        Assert.Equal("10.90.0.1/16", ipam.Address(pool.PoolId, gateway: true));
        Assert.Equal("10.90.7.0/16", ipam.Address(pool.PoolId));
    }

    [Fact]
    public void RequestAddress_GatewayExplicit_ReservesExactly()
    {
        using var ipam = new IpamHarness();
        var pool = ipam.Pool("10.90.0.0/24");

        Assert.Equal("10.90.0.254/24", ipam.Address(pool.PoolId, "10.90.0.254", gateway: true));
        Assert.Equal("10.90.0.1/24", ipam.Address(pool.PoolId));
    }

    [Fact]
    public void RequestAddress_GatewayFirstTaken_FallsBackToLowestFree()
    {
        using var ipam = new IpamHarness();
        var pool = ipam.Pool("10.90.0.0/24");
        ipam.Address(pool.PoolId, "10.90.0.1");

        Assert.Equal("10.90.0.2/24", ipam.Address(pool.PoolId, gateway: true));
    }

    [Fact]
    public void RequestAddress_Dynamic_SkipsGatewayAndAscends()
    {
        using var ipam = new IpamHarness();
        var pool = ipam.Pool("10.90.0.0/24");
        ipam.Address(pool.PoolId, gateway: true);

        Assert.Equal("10.90.0.2/24", ipam.Address(pool.PoolId));
        Assert.Equal("10.90.0.3/24", ipam.Address(pool.PoolId));
    }

    [Fact]
    public void RequestAddress_Explicit_ReservedAndSkippedLater()
    {
        using var ipam = new IpamHarness();
        var pool = ipam.Pool("10.90.0.0/24");

        Assert.Equal("10.90.0.2/24", ipam.Address(pool.PoolId, "10.90.0.2"));
        Assert.Equal("10.90.0.1/24", ipam.Address(pool.PoolId));
        Assert.Equal("10.90.0.3/24", ipam.Address(pool.PoolId));
    }

    [Fact]
    public void RequestAddress_ExplicitDuplicate_ConflictNamesAddressAndPool()
    {
        using var ipam = new IpamHarness();
        var pool = ipam.Pool("10.90.0.0/24");
        ipam.Address(pool.PoolId, "10.90.0.5");

        var error = Assert.Throws<IpamException>(() => ipam.Address(pool.PoolId, "10.90.0.5"));

        Assert.Equal(IpamErrorKind.Conflict, error.Kind);
        Assert.Contains("address 10.90.0.5 is already in use in pool 10.90.0.0/24", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.91.0.5", "outside pool 10.90.0.0/24")]
    [InlineData("2001:db8::5", "outside pool 10.90.0.0/24")]
    [InlineData("10.90.0.0", "network or broadcast")]
    [InlineData("10.90.0.255", "network or broadcast")]
    [InlineData("10.90.0", "not a valid IP address")]
    public void RequestAddress_ExplicitNotUsable_Refused(string address, string expected)
    {
        using var ipam = new IpamHarness();
        var pool = ipam.Pool("10.90.0.0/24");

        var error = Assert.Throws<IpamException>(() => ipam.Address(pool.PoolId, address));

        Assert.Equal(IpamErrorKind.InvalidRequest, error.Kind);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequestAddress_ExplicitOutsideSubPool_AllowedInsidePool()
    {
        using var ipam = new IpamHarness();
        var pool = ipam.Pool("10.90.0.0/24", "10.90.0.128/25");

        Assert.Equal("10.90.0.10/24", ipam.Address(pool.PoolId, "10.90.0.10"));
        Assert.Throws<IpamException>(() => ipam.Address(pool.PoolId, "10.90.0.10"));
    }

    [Fact]
    public void RequestAddress_DynamicWithSubPool_StaysInSubPool()
    {
        using var ipam = new IpamHarness();
        var pool = ipam.Pool("10.90.0.0/24", "10.90.0.252/30");

        Assert.Equal("10.90.0.252/24", ipam.Address(pool.PoolId));
        Assert.Equal("10.90.0.253/24", ipam.Address(pool.PoolId));
        Assert.Equal("10.90.0.254/24", ipam.Address(pool.PoolId));
        var error = Assert.Throws<IpamException>(() => ipam.Address(pool.PoolId));
        Assert.Contains("--ip-range 10.90.0.252/30", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequestAddress_Exhausted_ErrorNamesPool()
    {
        using var ipam = new IpamHarness();
        var pool = ipam.Pool("10.90.0.0/30");
        ipam.Address(pool.PoolId);
        ipam.Address(pool.PoolId);

        var error = Assert.Throws<IpamException>(() => ipam.Address(pool.PoolId));

        Assert.Equal(IpamErrorKind.Exhausted, error.Kind);
        Assert.Contains("pool 10.90.0.0/30", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequestAddress_Slash31_UsesBothAddresses()
    {
        using var ipam = new IpamHarness();
        var pool = ipam.Pool("10.90.0.0/31");

        Assert.Equal("10.90.0.0/31", ipam.Address(pool.PoolId));
        Assert.Equal("10.90.0.1/31", ipam.Address(pool.PoolId));
    }

    [Fact]
    public void RequestAddress_UnknownPool_NotFound()
    {
        using var ipam = new IpamHarness();

        var error = Assert.Throws<IpamException>(() => ipam.Address("LocalDefault/10.1.0.0/24"));

        Assert.Equal(IpamErrorKind.NotFound, error.Kind);
        Assert.Contains("unknown pool ID LocalDefault/10.1.0.0/24", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequestAddress_AfterReleasePool_NotFound()
    {
        using var ipam = new IpamHarness();
        var pool = ipam.Pool("10.90.0.0/24");
        ipam.Allocator.ReleasePool(pool.PoolId);

        Assert.Throws<IpamException>(() => ipam.Address(pool.PoolId));
    }

    [Fact]
    public void ReleaseAddress_ThenRequest_ReusesLowest()
    {
        using var ipam = new IpamHarness();
        var pool = ipam.Pool("10.90.0.0/24");
        for (var i = 0; i < 5; i++)
        {
            ipam.Address(pool.PoolId);
        }

        ipam.Allocator.ReleaseAddress(pool.PoolId, "10.90.0.2");

        Assert.Equal("10.90.0.2/24", ipam.Address(pool.PoolId));
        Assert.Equal("10.90.0.6/24", ipam.Address(pool.PoolId));
    }

    [Fact]
    public void ReleaseAddress_ExplicitOutsideSubPool_CanBeTakenAgain()
    {
        using var ipam = new IpamHarness();
        var pool = ipam.Pool("10.90.0.0/24", "10.90.0.128/25");
        ipam.Address(pool.PoolId, "10.90.0.10");

        ipam.Allocator.ReleaseAddress(pool.PoolId, "10.90.0.10");

        Assert.Equal("10.90.0.10/24", ipam.Address(pool.PoolId, "10.90.0.10"));
    }

    [Theory]
    [InlineData("LocalDefault/10.1.0.0/24", "10.1.0.5")]
    [InlineData("LocalDefault/10.90.0.0/24", "10.90.0.77")]
    [InlineData("LocalDefault/10.90.0.0/24", "10.200.0.1")]
    [InlineData("LocalDefault/10.90.0.0/24", "garbage")]
    [InlineData("LocalDefault/10.90.0.0/24", null)]
    [InlineData(null, null)]
    public void ReleaseAddress_UnknownPoolOrAddress_Succeeds(string? poolId, string? address)
    {
        using var ipam = new IpamHarness();
        var pool = ipam.Pool("10.90.0.0/24");
        ipam.Address(pool.PoolId);

        ipam.Allocator.ReleaseAddress(poolId, address);

        Assert.Single(ipam.Store.LoadAddresses(pool.PoolId));
    }

    [Fact]
    public void ReleaseAddress_Twice_SecondIsNoOp()
    {
        using var ipam = new IpamHarness();
        var pool = ipam.Pool("10.90.0.0/24");
        ipam.Address(pool.PoolId);
        ipam.Address(pool.PoolId);

        ipam.Allocator.ReleaseAddress(pool.PoolId, "10.90.0.1");
        ipam.Allocator.ReleaseAddress(pool.PoolId, "10.90.0.1");

        Assert.Equal("10.90.0.2", Assert.Single(ipam.Store.LoadAddresses(pool.PoolId)).Address);
    }

    [Fact]
    public void RequestAddress_Each_WrittenToStoreBeforeReturn()
    {
        using var ipam = new IpamHarness();
        var pool = ipam.Pool("10.90.0.0/24");

        ipam.Address(pool.PoolId, gateway: true);
        ipam.Address(pool.PoolId, "10.90.0.9");
        ipam.Address(pool.PoolId);

        var stored = ipam.Store.LoadAddresses(pool.PoolId).OrderBy(a => a.Address, StringComparer.Ordinal).ToList();
        Assert.Equal(["10.90.0.1", "10.90.0.2", "10.90.0.9"], stored.Select(a => a.Address));
        Assert.Equal([Csnet.Ipam.State.AddressKind.Gateway, Csnet.Ipam.State.AddressKind.Dynamic, Csnet.Ipam.State.AddressKind.Explicit], stored.Select(a => a.Kind));
    }
}
