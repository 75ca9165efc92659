using System.Net;
using System.Net.Sockets;
using Csnet.Plugin.Composition;
using Csnet.Plugin.Kernel.Rtnl;
using Moq;
using Xunit;

namespace Csnet.Plugin.Tests.Composition;

public sealed class UplinksFromKernelTests
{
    [Fact]
    public void Names_DefaultRoutesOfBothFamilies_TheirLinksOnce()
    {
        var rtnl = new Mock<IRtnl>();
        rtnl.Setup(r => r.GetDefaultRoutes(AddressFamily.InterNetwork)).Returns(
        [
            new Route(null, 0, IPAddress.Parse("192.0.2.1"), 3),
            new Route(IPAddress.Parse("10.90.0.0"), 24, null, 9),
        ]);
        rtnl.Setup(r => r.GetDefaultRoutes(AddressFamily.InterNetworkV6)).Returns([new Route(null, 0, null, 3), new Route(null, 0, null, 4)]);
        rtnl.Setup(r => r.TryGetLink(3)).Returns(new BridgeLink { Name = "vmbr0", Index = 3 });
        rtnl.Setup(r => r.TryGetLink(4)).Returns((Link?)null);

        Assert.Equal(["vmbr0"], new UplinksFromKernel(rtnl.Object).Names());
    }
}
