using Xunit;
using System.Net;
using Csnet.Plugin.Drivers;

namespace Csnet.Plugin.Tests.Drivers;

public sealed class CidrTests
{
    [Fact]
    public void Parse_HostBitsSet_KeepsAddressAndComputesNetwork()
    {
        var cidr = Cidr.Parse("10.90.0.1/24");
        Assert.Equal(IPAddress.Parse("10.90.0.1"), cidr.Address);
        Assert.Equal(IPAddress.Parse("10.90.0.0"), cidr.Network);
        Assert.Equal("10.90.0.1/24", cidr.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("10.0.0.1")]
    [InlineData("10.0.0.1/33")]
    [InlineData("nonsense/8")]
    [InlineData(null)]
    public void TryParse_Malformed_False(string? text) => Assert.False(Cidr.TryParse(text, out _));

    [Fact]
    public void Contains_OtherFamilyOrOutside_False()
    {
        var cidr = Cidr.Parse("10.90.0.0/23");
        Assert.True(cidr.Contains(IPAddress.Parse("10.90.1.200")));
        Assert.False(cidr.Contains(IPAddress.Parse("10.90.2.1")));
        Assert.False(cidr.Contains(IPAddress.IPv6Loopback));
    }

    [Fact]
    public void Network_Ipv6_MasksHostBits() =>
        Assert.Equal(IPAddress.Parse("fd00:1::"), Cidr.Parse("fd00:1::5/64").Network);
}
