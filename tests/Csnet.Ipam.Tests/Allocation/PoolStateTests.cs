using Csnet.Common.Addressing;
using Csnet.Ipam.Allocation;

namespace Csnet.Ipam.Tests.Allocation;

public class PoolStateTests
{
    private static IpPrefix P(string cidr) => IpPrefix.TryParse(cidr, out _)!.Value;

    [Fact]
    public void DynamicRange_SubPoolCoveringNetworkAddress_ExcludesIt()
    {
        Assert.Equal(new AddressRange(P("10.90.0.0/24").Network + 1, P("10.90.0.0/24").Network + 127),
            PoolState.DynamicRange(P("10.90.0.0/24"), P("10.90.0.0/25")));
    }

    [Fact]
    public void Load_StoredAddressesInAndOutsideSubPool_AllUsed()
    {
        var pool = new PoolState("id", "LocalDefault", P("10.90.0.0/24"), P("10.90.0.128/25"), null);
        var net = pool.Pool.Network;

        pool.Load([net + 1, net + 128, net + 130]);

        Assert.True(pool.IsUsed(net + 1));
        Assert.True(pool.IsUsed(net + 128));
        Assert.False(pool.IsUsed(net + 129));
        Assert.True(pool.TryTakeLowest(out var lowest));
        Assert.Equal(net + 129, lowest);
        Assert.True(pool.TryTakeLowest(out lowest));
        Assert.Equal(net + 131, lowest);
    }

    [Fact]
    public void IPv6Slash64_TakeAndRelease_WorkWithoutEnumeratingThePool()
    {
        var pool = new PoolState("id", "LocalDefault", P("2001:db8:0:1::/64"), null, null);
        pool.Load([]);
        var high = P("2001:db8:0:1:ffff:ffff:ffff:fff0/128").Network;

        Assert.True(pool.TryTakeLowest(out var first));
        Assert.True(pool.TryTake(high));
        Assert.False(pool.TryTake(high));
        Assert.True(pool.Release(high));

        Assert.Equal("2001:db8:0:1::1/64", pool.Pool.FormatCidr(first));
        Assert.Equal("2001:db8:0:1:ffff:ffff:ffff:ffff", pool.Pool.FormatAddress(pool.Dynamic.End));
    }

    [Fact]
    public void Holder_AttachedNetwork_ShowsTwelveCharacters()
    {
        var pool = new PoolState("LocalDefault/10.90.0.0/24", "LocalDefault", P("10.90.0.0/24"), null, "0123456789abcdef");

        Assert.Equal("network 0123456789ab (pool ID LocalDefault/10.90.0.0/24)", pool.Holder);
    }
}
