using Csnet.Common.Addressing;
using System.Net;
using System.Net.Sockets;

namespace Csnet.Common.Tests.Addressing;

public class IpPrefixTests
{
    [Theory]
    [InlineData("10.90.0.0/24", "10.90.0.0/24")]
    [InlineData("10.90.0.77/24", "10.90.0.0/24")]
    [InlineData("172.20.255.1/14", "172.20.0.0/14")]
    [InlineData("10.1.2.3/32", "10.1.2.3/32")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]
    [InlineData("2001:db8::5/64", "2001:db8::/64")]
    public void TryParse_HostBitsSet_ReturnsCanonicalNetwork(string text, string expected)
    {
        var prefix = IpPrefix.TryParse(text, out var problem);

        Assert.Null(problem);
        Assert.Equal(expected, prefix!.Value.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("10.90.0.0")]
    [InlineData("10.90.0.0/")]
    [InlineData("/24")]
    [InlineData("10.90/16")]
    [InlineData("10.90.0.0/33")]
    [InlineData("10.90.0.0/-1")]
    [InlineData("10.90.0.0/abc")]
    [InlineData("300.1.1.1/24")]
    [InlineData("2001:db8::/129")]
    public void TryParse_Invalid_ReturnsNullWithExample(string? text)
    {
        var prefix = IpPrefix.TryParse(text, out var problem);

        Assert.Null(prefix);
        Assert.Contains("10.90.0.0/24", problem ?? "", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.90.0.0/24", "10.90.0.1", "10.90.0.254")]
    [InlineData("10.90.0.0/30", "10.90.0.1", "10.90.0.2")]
    [InlineData("10.90.0.0/31", "10.90.0.0", "10.90.0.1")]
    [InlineData("10.90.0.7/32", "10.90.0.7", "10.90.0.7")]
    [InlineData("10.90.0.0/16", "10.90.0.1", "10.90.255.254")]
    [InlineData("2001:db8::/64", "2001:db8::1", "2001:db8::ffff:ffff:ffff:ffff")]
    public void Usable_ByPrefixLength_ExcludesNetworkAndBroadcast(string cidr, string first, string last)
    {
        var prefix = IpPrefix.TryParse(cidr, out _)!.Value;

        Assert.Equal(first, prefix.FormatAddress(prefix.Usable.Start));
        Assert.Equal(last, prefix.FormatAddress(prefix.Usable.End));
    }

    [Theory]
    [InlineData("10.90.0.0/24", "10.90.0.128/25", true)]
    [InlineData("10.90.0.0/24", "10.0.0.0/8", true)]
    [InlineData("10.90.0.0/24", "10.90.1.0/24", false)]
    [InlineData("10.90.0.0/24", "10.89.255.0/24", false)]
    [InlineData("0.0.0.0/0", "192.168.1.0/24", true)]
    [InlineData("10.90.0.0/24", "2001:db8::/32", false)]
    public void Overlaps_Pairs_AreSymmetric(string a, string b, bool expected)
    {
        var left = IpPrefix.TryParse(a, out _)!.Value;
        var right = IpPrefix.TryParse(b, out _)!.Value;

        Assert.Equal(expected, left.Overlaps(right));
        Assert.Equal(expected, right.Overlaps(left));
    }

    [Fact]
    public void Contains_SubnetInsideAndOutside_Distinguished()
    {
        var pool = IpPrefix.TryParse("10.90.0.0/16", out _)!.Value;

        Assert.True(pool.Contains(IpPrefix.TryParse("10.90.4.0/24", out _)!.Value));
        Assert.False(pool.Contains(IpPrefix.TryParse("10.0.0.0/8", out _)!.Value));
        Assert.False(pool.Contains(IpPrefix.TryParse("10.91.0.0/24", out _)!.Value));
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("10.90.0.5")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("2001:db8::1")]
    [InlineData("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")]
    public void ToUInt128_RoundTrip_KeepsAddress(string text)
    {
        var address = IPAddress.Parse(text);

        var value = IpPrefix.ToUInt128(address);

        Assert.Equal(address, IpPrefix.ToIPAddress(address.AddressFamily, value));
    }

    [Fact]
    public void ToUInt128_IPv4_IsBigEndianInteger()
    {
        Assert.Equal((UInt128)0x0A5A0005, IpPrefix.ToUInt128(IPAddress.Parse("10.90.0.5")));
    }

    [Fact]
    public void FormatCidr_Address_UsesPoolPrefixLength()
    {
        var pool = IpPrefix.TryParse("10.90.0.0/24", out _)!.Value;

        Assert.Equal("10.90.0.5/24", pool.FormatCidr(pool.Network + 5));
    }

    [Fact]
    public void Last_IPv6Slash0_IsAllOnes()
    {
        var all = IpPrefix.TryParse("::/0", out _)!.Value;

        Assert.Equal(AddressFamily.InterNetworkV6, all.Family);
        Assert.Equal(UInt128.MaxValue, all.Last);
    }

    [Theory]
    [InlineData("10.90")]
    [InlineData("10.90.0")]
    [InlineData("fe80::1%2")]
    [InlineData("not-an-ip")]
    public void TryParseAddress_ShortOrScopedForms_Rejected(string text)
    {
        Assert.False(IpPrefix.TryParseAddress(text, out _));
    }
}
