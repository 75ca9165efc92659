using Csnet.Ipam.Allocation;
using Csnet.Ipam.Tests.Support;
using Moq;

namespace Csnet.Ipam.Tests.Allocation;

public class IpamAllocatorPoolTests
{
    [Fact]
    public void RequestPool_ExplicitWithHostBits_ReturnsCanonicalPoolAndId()
    {
        using var ipam = new IpamHarness();

        var pool = ipam.Pool("10.90.0.77/24");

        Assert.Equal("10.90.0.0/24", pool.Pool.ToString());
        Assert.Equal("LocalDefault/10.90.0.0/24", pool.PoolId);
    }

    [Fact]
    public void RequestPool_WithSubPool_IdNamesBoth()
    {
        using var ipam = new IpamHarness();

        var pool = ipam.Pool("10.90.0.0/16", "10.90.1.0/24");

        Assert.Equal("LocalDefault/10.90.0.0/16/10.90.1.0/24", pool.PoolId);
    }

    [Fact]
    public void RequestPool_GlobalAddressSpace_IdUsesIt()
    {
        using var ipam = new IpamHarness();

        Assert.Equal("GlobalDefault/10.90.0.0/24", ipam.Pool("10.90.0.0/24", space: "GlobalDefault").PoolId);
    }

    [Fact]
    public void RequestPool_UnknownAddressSpace_Refused()
    {
        using var ipam = new IpamHarness();

        var error = Assert.Throws<IpamException>(() => ipam.Pool("10.90.0.0/24", space: "Elsewhere"));

        Assert.Contains("LocalDefault", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequestPool_OverlapsHeldPool_NamesPoolIdAndSubnet()
    {
        using var ipam = new IpamHarness();
        ipam.Pool("10.90.0.0/16");

        var error = Assert.Throws<IpamException>(() => ipam.Pool("10.90.5.0/24"));

        Assert.Equal(IpamErrorKind.Conflict, error.Kind);
        Assert.Contains("10.90.5.0/24 overlaps 10.90.0.0/16", error.Message, StringComparison.Ordinal);
        Assert.Contains("pool ID LocalDefault/10.90.0.0/16", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequestPool_OverlapsAttachedPool_NamesShortNetworkId()
    {
        using var ipam = new IpamHarness();
        ipam.Pool("10.90.0.0/24");
        ipam.Allocator.AttachNetwork("10.90.0.0/24", "5f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c");

        var error = Assert.Throws<IpamException>(() => ipam.Pool("10.90.0.0/24"));

        Assert.Contains("network 5f1c2d3e4f5a ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AttachNetwork_ByPoolId_Recorded()
    {
        using var ipam = new IpamHarness();
        var pool = ipam.Pool("10.90.0.0/24");

        ipam.Allocator.AttachNetwork(pool.PoolId, "abcdef0123456789");

        Assert.Equal("abcdef0123456789", ipam.Store.LoadPools().Single().NetworkId);
    }

    [Fact]
    public void AttachNetwork_UnknownPool_Ignored()
    {
        using var ipam = new IpamHarness();

        ipam.Allocator.AttachNetwork("10.99.0.0/24", "abcdef0123456789");

        Assert.Empty(ipam.Store.LoadPools());
    }

    [Fact]
    public void RequestPool_SameSubnetInOtherSpace_StillOverlaps()
    {
        using var ipam = new IpamHarness();
        ipam.Pool("10.90.0.0/24");

        Assert.Throws<IpamException>(() => ipam.Pool("10.90.0.0/24", space: "GlobalDefault"));
    }

    [Theory]
    [InlineData("10.90.0.0", "CIDR")]
    [InlineData("10.90.0.0/40", "prefix length")]
    [InlineData("banana/24", "valid IP")]
    public void RequestPool_InvalidSubnet_SaysHowToWriteIt(string subnet, string hint)
    {
        using var ipam = new IpamHarness();

        var error = Assert.Throws<IpamException>(() => ipam.Pool(subnet));

        Assert.Contains("--subnet", error.Message, StringComparison.Ordinal);
        Assert.Contains(hint, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequestPool_SubPoolOutsidePool_Refused()
    {
        using var ipam = new IpamHarness();

        var error = Assert.Throws<IpamException>(() => ipam.Pool("10.90.0.0/24", "10.91.0.0/25"));

        Assert.Contains("not inside --subnet 10.90.0.0/24", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequestPool_SubPoolWithoutPool_Refused()
    {
        using var ipam = new IpamHarness();

        var error = Assert.Throws<IpamException>(() => ipam.Pool(null, "10.90.0.0/25"));

        Assert.Contains("needs --subnet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequestPool_SubPoolOnlyNetworkAddress_Refused()
    {
        using var ipam = new IpamHarness();

        Assert.Throws<IpamException>(() => ipam.Pool("10.90.0.0/24", "10.90.0.0/32"));
    }

    [Fact]
    public void RequestPool_V6SubnetWithoutFlag_NamesTheFamilyMismatch()
    {
        using var ipam = new IpamHarness();

        var error = Assert.Throws<IpamException>(() => ipam.Pool("2001:db8::/64"));

        Assert.Equal(IpamErrorKind.InvalidRequest, error.Kind);
        Assert.Contains("not an IPv4 subnet", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.0.0.0/0", false)]
    [InlineData("::/0", true)]
    public void RequestPool_WholeAddressSpace_Refused(string subnet, bool v6)
    {
        using var ipam = new IpamHarness();

        var error = Assert.Throws<IpamException>(() => ipam.Allocator.RequestPool(new PoolRequest("LocalDefault", subnet, null, v6)));

        Assert.Contains("whole", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequestPool_Automatic_FirstDefaultPool()
    {
        using var ipam = new IpamHarness();

        var pool = ipam.Pool("");

        Assert.Equal("172.17.0.0/16", pool.Pool.ToString());
        Assert.Equal("LocalDefault/172.17.0.0/16", pool.PoolId);
    }

    [Fact]
    public void RequestPool_AutomaticTwice_SkipsHeldPool()
    {
        using var ipam = new IpamHarness();

        var first = ipam.Pool(null);
        var second = ipam.Pool(null);

        Assert.Equal("172.17.0.0/16", first.Pool.ToString());
        Assert.Equal("172.18.0.0/16", second.Pool.ToString());
    }

    [Fact]
    public void RequestPool_Automatic_SkipsHostPrefixesButNotDefaultRoute()
    {
        using var ipam = new IpamHarness(null, null, ("0.0.0.0", 0), ("172.17.0.1", 16), ("172.18.3.0", 24));

        var pool = ipam.Pool(null);

        Assert.Equal("172.19.0.0/16", pool.Pool.ToString());
        ipam.HostRoutes.Verify(h => h.GetHostPrefixes(), Times.Once);
    }

    [Fact]
    public void RequestPool_Explicit_DoesNotAskHostRoutes()
    {
        using var ipam = new IpamHarness();

        ipam.Pool("172.17.0.0/16");

        ipam.HostRoutes.Verify(h => h.GetHostPrefixes(), Times.Never);
    }

    [Fact]
    public void RequestPool_AutomaticAfterExplicitOverlap_SkipsIt()
    {
        using var ipam = new IpamHarness();
        ipam.Pool("172.17.5.0/24");

        Assert.Equal("172.18.0.0/16", ipam.Pool(null).Pool.ToString());
    }

    [Fact]
    public void RequestPool_AutomaticLarge_SplitsInOrder()
    {
        using var ipam = new IpamHarness(null, new IpamOptions { DefaultPools = [new("172.20.0.0/14", 16), new("192.168.0.0/16", 20)] });

        var pools = Enumerable.Range(0, 6).Select(_ => ipam.Pool(null).Pool.ToString()).ToList();

        Assert.Equal(["172.20.0.0/16", "172.21.0.0/16", "172.22.0.0/16", "172.23.0.0/16", "192.168.0.0/20", "192.168.16.0/20"], pools);
    }

    [Fact]
    public void RequestPool_DefaultPoolsExhausted_ClearError()
    {
        using var ipam = new IpamHarness(null, new IpamOptions { DefaultPools = [new("10.200.0.0/23", 24)] });
        ipam.Pool(null);
        ipam.Pool(null);

        var error = Assert.Throws<IpamException>(() => ipam.Pool(null));

        Assert.Equal(IpamErrorKind.Exhausted, error.Kind);
        Assert.Contains("--subnet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReleasePool_ThenRequestAgain_Succeeds()
    {
        using var ipam = new IpamHarness();
        var pool = ipam.Pool("10.90.0.0/24");

        ipam.Allocator.ReleasePool(pool.PoolId);

        Assert.Equal(pool.PoolId, ipam.Pool("10.90.0.0/24").PoolId);
    }

    [Fact]
    public void ReleasePool_UnknownOrTwice_Succeeds()
    {
        using var ipam = new IpamHarness();
        var pool = ipam.Pool("10.90.0.0/24");

        ipam.Allocator.ReleasePool(pool.PoolId);
        ipam.Allocator.ReleasePool(pool.PoolId);
        ipam.Allocator.ReleasePool("LocalDefault/10.1.0.0/16");
        ipam.Allocator.ReleasePool(null);
    }

    [Fact]
    public void ReleasePool_WithAddresses_DropsThemToo()
    {
        using var ipam = new IpamHarness();
        var pool = ipam.Pool("10.90.0.0/24");
        ipam.Address(pool.PoolId);
        ipam.Address(pool.PoolId, "10.90.0.9");

        ipam.Allocator.ReleasePool(pool.PoolId);

        Assert.Empty(ipam.Store.LoadAddresses(pool.PoolId));
        var again = ipam.Pool("10.90.0.0/24");
        Assert.Equal("10.90.0.1/24", ipam.Address(again.PoolId));
        Assert.Equal("10.90.0.9/24", ipam.Address(again.PoolId, "10.90.0.9"));
    }
}
