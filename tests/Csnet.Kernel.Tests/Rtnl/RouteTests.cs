using System.Net;
using System.Net.Sockets;
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
        Assert.Contains(new Route(IPAddress.Parse("172.31.5.0"), 24, null, index), routes);
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
    public void AFreshNamespaceHasNoMainTableRoutes()
    {
        using var netns = NetnsFixture.Create();

        Assert.Empty(netns.Rtnl.GetRoutes(AddressFamily.InterNetwork));
    }
}
