using System.Net;
using Csnet.Common.Addressing;

namespace Csnet.Common.Tests.Addressing;

public sealed class CidrAddressTests
{
    [Fact]
    public void Parse_HostBitsSet_KeepsAddressAndKnowsItsNetwork()
    {
        var cidr = CidrAddress.Parse("10.90.0.1/24");

        Assert.Equal(IPAddress.Parse("10.90.0.1"), cidr.Address);
        Assert.Equal("10.90.0.0/24", cidr.Prefix.ToString());
        Assert.Equal("10.90.0.1/24", cidr.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("10.0.0.1")]
    [InlineData("10.0.0.1/33")]
    [InlineData("10.0.0.1/-1")]
    [InlineData("nonsense/8")]
    [InlineData("10.90/16")]
    [InlineData("fe80::1%2/64")]
    [InlineData("::ffff:10.0.0.1/120")]
    [InlineData(null)]
    public void TryParse_Malformed_NullWithAnExample(string? text)
    {
        Assert.Null(CidrAddress.TryParse(text, out var problem));
        Assert.Contains("10.90.0.0/24", problem);
    }

    [Fact]
    public void Prefix_IPv6_MasksHostBits() =>
        Assert.Equal("fd00:1::/64", CidrAddress.Parse("fd00:1::5/64").Prefix.ToString());

    [Fact]
    public void Parse_Invalid_ThrowsFormatException() =>
        Assert.Throws<FormatException>(() => CidrAddress.Parse("10.0.0.1"));
}
