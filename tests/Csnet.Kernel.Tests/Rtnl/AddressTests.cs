using System.Net;
using Csnet.Plugin.Kernel.Netlink;
using Csnet.Plugin.Kernel.Rtnl;
using Xunit;

namespace Csnet.Kernel.Tests.Rtnl;

public sealed class AddressTests
{
    [SkippableFact]
    public void Ipv4AndIpv6AddressesAreAddedDumpedAndDeleted()
    {
        using var netns = NetnsFixture.Create();
        netns.AddLinkOrSkip(new BridgeLink { Name = "br0", IsUp = true });
        var index = netns.Rtnl.TryGetLink("br0")!.Index;
        var v4 = IPAddress.Parse("172.30.0.1");
        var v6 = IPAddress.Parse("fd00:30::1");

        netns.Rtnl.AddAddress("br0", v4, 16);
        netns.Rtnl.AddAddress("br0", v6, 64);

        var addresses = netns.Rtnl.GetAddresses("br0");
        Assert.Contains(new InterfaceAddress(index, v4, 16), addresses);
        Assert.Contains(new InterfaceAddress(index, v6, 64), addresses);
        Assert.All(addresses, address => Assert.Equal(index, address.LinkIndex));
        Assert.Contains(new InterfaceAddress(index, v4, 16), netns.Rtnl.GetAddresses());

        netns.Rtnl.DeleteAddress("br0", v4, 16);
        netns.Rtnl.DeleteAddress("br0", v6, 64);

        addresses = netns.Rtnl.GetAddresses("br0");
        Assert.DoesNotContain(addresses, address => address.Address.Equals(v4) || address.Address.Equals(v6));
    }

    [SkippableFact]
    public void AddressesOfOtherLinksAreFilteredOut()
    {
        using var netns = NetnsFixture.Create();
        netns.AddLinkOrSkip(new BridgeLink { Name = "br0" });
        netns.AddLinkOrSkip(new BridgeLink { Name = "br1" });
        netns.Rtnl.AddAddress("br0", IPAddress.Parse("10.0.0.1"), 24);
        netns.Rtnl.AddAddress("br1", IPAddress.Parse("10.0.1.1"), 24);

        var only = Assert.Single(netns.Rtnl.GetAddresses("br1"));
        Assert.Equal(IPAddress.Parse("10.0.1.1"), only.Address);
    }

    [SkippableFact]
    public void AddingTheSameAddressTwiceFailsWithEexist()
    {
        using var netns = NetnsFixture.Create();
        netns.AddLinkOrSkip(new BridgeLink { Name = "br0" });
        netns.Rtnl.AddAddress("br0", IPAddress.Parse("10.0.0.1"), 24);

        var error = Assert.Throws<NetlinkException>(() => netns.Rtnl.AddAddress("br0", IPAddress.Parse("10.0.0.1"), 24));
        Assert.Equal(17, error.Errno);
    }

    [SkippableFact]
    public void DeletingAnAbsentAddressFailsWithTheKernelsErrno()
    {
        using var netns = NetnsFixture.Create();
        netns.AddLinkOrSkip(new BridgeLink { Name = "br0" });

        var error = Assert.Throws<NetlinkException>(() => netns.Rtnl.DeleteAddress("br0", IPAddress.Parse("10.9.9.9"), 24));
        Assert.Equal(99, error.Errno);
    }
}
