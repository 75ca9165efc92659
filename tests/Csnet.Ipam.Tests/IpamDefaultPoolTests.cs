namespace Csnet.Ipam.Tests;

public sealed class IpamDefaultPoolTests
{
    [Fact]
    public void ParseList_DockerdSyntax_EveryPoolInOrder()
    {
        var (pools, problems) = IpamDefaultPool.ParseList("base=10.10.0.0/16,size=24\tBASE=10.20.0.0/16,Size=26 ");

        Assert.Empty(problems);
        Assert.Equal([new("10.10.0.0/16", 24), new("10.20.0.0/16", 26)], pools);
    }

    [Fact]
    public void ParseList_IPv6Base_AcceptedBySyntax()
    {
        var (pools, problems) = IpamDefaultPool.ParseList("base=fd00:10::/48,size=64");

        Assert.Empty(problems);
        Assert.Equal(new IpamDefaultPool("fd00:10::/48", 64), Assert.Single(pools));
    }

    [Theory]
    [InlineData("base=10.0.0.0/8", "size is missing")]
    [InlineData("size=24", "base is missing")]
    [InlineData("base=10.0.0.0/8,size=big", "size 'big' is not a whole number")]
    [InlineData("base=10.0.0.0/8,size=24,gateway=10.0.0.1", "unknown key 'gateway'")]
    [InlineData("base=10.0.0.0/8,base=10.1.0.0/16,size=24", "base is given twice")]
    [InlineData("10.0.0.0/8", "'10.0.0.0/8' is not a key=value pair")]
    public void ParseList_BadEntry_SaysWhatIsWrong(string text, string expected)
    {
        var (_, problems) = IpamDefaultPool.ParseList(text);

        var problem = Assert.Single(problems);
        Assert.StartsWith($"pool 1 '{text}': {expected}", problem);
    }

    [Fact]
    public void ParseList_Blank_Problem() => Assert.Single(IpamDefaultPool.ParseList("  ").Problems);

    [Fact]
    public void ToString_DockerdSyntax() => Assert.Equal("base=10.10.0.0/16,size=24", new IpamDefaultPool("10.10.0.0/16", 24).ToString());
}
