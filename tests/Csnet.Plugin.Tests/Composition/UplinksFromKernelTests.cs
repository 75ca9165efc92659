using System.Net;
using System.Net.Sockets;
using Csnet.Plugin.Composition;
using Csnet.Plugin.Kernel.Rtnl;
using Moq;
using Xunit;

namespace Csnet.Plugin.Tests.Composition;

public sealed class UplinksFromKernelTests
{
    private readonly Mock<IRtnl> _rtnl = new();
    private readonly UplinksFromKernel _uplinks;

    public UplinksFromKernelTests()
    {
        _rtnl.Setup(r => r.GetDefaultRoutes(AddressFamily.InterNetwork)).Returns([new Route(null, 0, IPAddress.Parse("192.0.2.1"), 3)]);
        _rtnl.Setup(r => r.GetDefaultRoutes(AddressFamily.InterNetworkV6)).Returns([]);
        _rtnl.Setup(r => r.TryGetLink(3)).Returns(new BridgeLink { Name = "vmbr0", Index = 3 });
        _uplinks = new UplinksFromKernel(_rtnl.Object);
    }

    private void DumpsWere(int times) => _rtnl.Verify(r => r.GetDefaultRoutes(AddressFamily.InterNetwork), Times.Exactly(times));

    [Fact]
    public void Names_DefaultRoutesOfBothFamilies_TheirLinksOnce()
    {
        _rtnl.Setup(r => r.GetDefaultRoutes(AddressFamily.InterNetwork)).Returns(
        [
            new Route(null, 0, IPAddress.Parse("192.0.2.1"), 3),
            new Route(IPAddress.Parse("10.90.0.0"), 24, null, 9),
        ]);
        _rtnl.Setup(r => r.GetDefaultRoutes(AddressFamily.InterNetworkV6)).Returns([new Route(null, 0, null, 3), new Route(null, 0, null, 4)]);
        _rtnl.Setup(r => r.TryGetLink(4)).Returns((Link?)null);

        Assert.Equal(["vmbr0"], _uplinks.Names());
    }

    [Fact]
    public void Names_EcmpDefaultRouteWithoutOutputInterface_EveryNexthopsLink()
    {
        var ecmp = new Route(null, 0, null, null) { NextHopIndexes = [3, 5] };
        _rtnl.Setup(r => r.GetDefaultRoutes(AddressFamily.InterNetwork)).Returns([ecmp]);
        _rtnl.Setup(r => r.TryGetLink(5)).Returns(new OtherLink("vlan") { Name = "eth0.10", Index = 5 });

        Assert.Equal(["vmbr0", "eth0.10"], _uplinks.Names());
    }

    [Fact]
    public void Names_NobodyListening_ReadsTheKernelEveryCall()
    {
        _uplinks.Names();
        _uplinks.Names();

        DumpsWere(2);
    }

    [Fact]
    public void Names_Listening_KeptUntilInvalidated()
    {
        _uplinks.StartListening();

        _uplinks.Names();
        _uplinks.Names();
        DumpsWere(1);

        _uplinks.Invalidate();
        _rtnl.Setup(r => r.TryGetLink(3)).Returns(new BridgeLink { Name = "br0", Index = 3 });

        Assert.Equal(["br0"], _uplinks.Names());
        _uplinks.Names();
        DumpsWere(2);
    }

    [Fact]
    public void Names_InvalidatedWhileTheDumpRuns_ReadAgainNextCall()
    {
        _uplinks.StartListening();
        var first = true;
        _rtnl.Setup(r => r.GetDefaultRoutes(AddressFamily.InterNetworkV6)).Returns(() =>
        {
            if (first)
                _uplinks.Invalidate(); // the route notification lands mid-dump
            first = false;
            return [];
        });

        _uplinks.Names();
        _uplinks.Names();
        _uplinks.Names();

        DumpsWere(2);
    }

    [Fact]
    public void Names_ListeningStopped_ReadsTheKernelEveryCallAgain()
    {
        _uplinks.StartListening();
        _uplinks.Names();
        _uplinks.StopListening();

        _uplinks.Names();
        _uplinks.Names();

        DumpsWere(3);
    }

    [Fact]
    public void StartListening_AnswerKeptFromBefore_ReadAgain()
    {
        _uplinks.Names();

        _uplinks.StartListening();
        _uplinks.Names();

        DumpsWere(2);
    }

    [Fact]
    public void Concerns_NothingReadYet_True() => Assert.True(_uplinks.Concerns(42));

    [Fact]
    public void Concerns_AfterARead_OnlyTheUplinksIndexes()
    {
        _uplinks.Names();

        Assert.True(_uplinks.Concerns(3));
        Assert.False(_uplinks.Concerns(42));
    }
}
