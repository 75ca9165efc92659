using System.Net;
using System.Net.Sockets;
using Csnet.Plugin.Composition;
using Csnet.Kernel.Tests.Nftables;
using Csnet.Plugin.Kernel.Rtnl;
using Xunit;

namespace Csnet.Kernel.Tests.Rtnl;

public sealed class RouteTests
{
    [SkippableFact]
    public void RouteDumpSeesTheConnectedRouteOfAnIpv4Address()
    {
        using var netns = NetnsFixture.Create();
        netns.AddLinkOrSkip(new BridgeLink { Name = "br0", IsUp = true });
        var index = netns.Rtnl.TryGetLink("br0")!.Index;

        netns.Rtnl.AddAddress("br0", IPAddress.Parse("172.31.5.1"), 24);

        var routes = netns.Rtnl.GetRoutes(AddressFamily.InterNetwork);
        // The kernel's connected route names the address as its source ("… src 172.31.5.1").
        Assert.Contains(new Route(IPAddress.Parse("172.31.5.0"), 24, null, index) { PreferredSource = IPAddress.Parse("172.31.5.1") }, routes);
    }

    [SkippableFact]
    public void RouteDumpSeesTheConnectedRouteOfAnIpv6Address()
    {
        using var netns = NetnsFixture.Create();
        netns.AddLinkOrSkip(new BridgeLink { Name = "br0", IsUp = true });
        var index = netns.Rtnl.TryGetLink("br0")!.Index;

        netns.Rtnl.AddAddress("br0", IPAddress.Parse("fd00:31::1"), 64);

        var routes = netns.Rtnl.GetRoutes(AddressFamily.InterNetworkV6);
        Assert.Contains(new Route(IPAddress.Parse("fd00:31::"), 64, null, index), routes);
    }

    [SkippableFact]
    public void EcmpDefaultRouteListsEveryNexthopAndBothUplinks()
    {
        using var netns = NetnsFixture.Create();
        var (a, b) = TwoUplinks(netns);
        netns.Shell("ip route add default nexthop via 192.0.2.2 dev up-a nexthop via 198.51.100.2 dev up-b");

        var route = Assert.Single(netns.Rtnl.GetDefaultRoutes(AddressFamily.InterNetwork));
        Assert.Null(route.OutputIndex);
        Assert.Equal([a, b], route.NextHopIndexes.Order());
        Assert.Equal(["up-a", "up-b"], new UplinksFromKernel(netns.Rtnl).Names().Order());
    }

    [SkippableFact]
    public void Ipv6EcmpDefaultRouteGivesBothUplinks()
    {
        using var netns = NetnsFixture.Create();
        TwoUplinks(netns);
        netns.Rtnl.AddAddress("up-a", IPAddress.Parse("fd00:a::1"), 64);
        netns.Rtnl.AddAddress("up-b", IPAddress.Parse("fd00:b::1"), 64);
        netns.Shell("ip -6 route add default nexthop via fd00:a::2 dev up-a nexthop via fd00:b::2 dev up-b");

        Assert.Empty(netns.Rtnl.GetDefaultRoutes(AddressFamily.InterNetwork));
        Assert.Equal(["up-a", "up-b"], new UplinksFromKernel(netns.Rtnl).Names().Order());
    }

    [SkippableFact]
    public void DefaultRouteDumpLeavesOutPrefixRoutes()
    {
        using var netns = NetnsFixture.Create();
        var (a, _) = TwoUplinks(netns);
        netns.Shell("ip route add default via 192.0.2.2 dev up-a");

        Assert.Equal([new Route(null, 0, IPAddress.Parse("192.0.2.2"), a)], netns.Rtnl.GetDefaultRoutes(AddressFamily.InterNetwork));
        Assert.Contains(netns.Rtnl.GetRoutes(AddressFamily.InterNetwork), r => r.PrefixLength == 24);
    }

    [SkippableFact]
    public void AShimHostRouteWithASourceIsAddedReplacedReadBackAndDeleted()
    {
        using var netns = NetnsFixture.Create();
        netns.AddLinkOrSkip(new VethLink { Name = "lan0", PeerName = "lan1", IsUp = true });
        var parent = netns.Rtnl.TryGetLink("lan0")!;
        netns.AddLinkOrSkip(new MacvlanLink { Name = "shim0", ParentIndex = parent.Index, Mode = MacvlanMode.Bridge, IsUp = true });
        var shim = netns.Rtnl.TryGetLink("shim0")!.Index;
        netns.Rtnl.AddAddress("shim0", IPAddress.Parse("10.41.0.250"), 32);
        netns.Rtnl.AddAddress("shim0", IPAddress.Parse("fd5c:41::fa"), 128);
        var v4 = new Route(IPAddress.Parse("10.41.0.5"), 32, null, shim) { PreferredSource = IPAddress.Parse("10.41.0.250") };
        var v6 = new Route(IPAddress.Parse("fd5c:41::5"), 128, null, shim) { PreferredSource = IPAddress.Parse("fd5c:41::fa") };

        netns.Rtnl.ReplaceRoute(v4);
        netns.Rtnl.ReplaceRoute(v4);
        netns.Rtnl.ReplaceRoute(v6);

        Assert.Single(netns.Rtnl.GetRoutes(AddressFamily.InterNetwork), r => r == v4);
        Assert.Single(netns.Rtnl.GetRoutes(AddressFamily.InterNetworkV6), r => r == v6);
        var shown = netns.Namespace.Run(() => IsolatedNetns.RunInThisNetns("ip -4 route show 10.41.0.5; ip -6 route show fd5c:41::5"));
        Assert.Contains("10.41.0.5 dev shim0 proto static scope link src 10.41.0.250", shown);
        Assert.Contains("fd5c:41::5 dev shim0 proto static src fd5c:41::fa", shown);

        Assert.True(netns.Rtnl.TryDeleteRoute(v4));
        Assert.True(netns.Rtnl.TryDeleteRoute(v6));
        Assert.False(netns.Rtnl.TryDeleteRoute(v4));
        Assert.DoesNotContain(netns.Rtnl.GetRoutes(AddressFamily.InterNetwork), r => r.Destination?.Equals(v4.Destination) == true);
    }

    [SkippableFact]
    public void AFreshNamespaceHasNoMainTableRoutes()
    {
        using var netns = NetnsFixture.Create();

        Assert.Empty(netns.Rtnl.GetRoutes(AddressFamily.InterNetwork));
    }

    // Two veth pairs, up, with one IPv4 subnet each: where two default paths can lead.
    private static (int A, int B) TwoUplinks(NetnsFixture netns)
    {
        netns.AddLinkOrSkip(new VethLink { Name = "up-a", PeerName = "peer-a", IsUp = true });
        netns.AddLinkOrSkip(new VethLink { Name = "up-b", PeerName = "peer-b", IsUp = true });
        netns.Rtnl.SetUp("peer-a");
        netns.Rtnl.SetUp("peer-b");
        netns.Rtnl.AddAddress("up-a", IPAddress.Parse("192.0.2.1"), 24);
        netns.Rtnl.AddAddress("up-b", IPAddress.Parse("198.51.100.1"), 24);
        return (netns.Rtnl.TryGetLink("up-a")!.Index, netns.Rtnl.TryGetLink("up-b")!.Index);
    }
}
