using System.Net;
using Csnet.Plugin.Drivers;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Model;
using Xunit;
using static Csnet.Plugin.Tests.Drivers.Bridge.BridgeHarness;

namespace Csnet.Plugin.Tests.Drivers.Bridge;

public sealed class BridgeDriverRestoreTests : IDisposable
{
    private readonly BridgeHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public void Restore_BridgeGone_RebuiltWithGatewayAndStaleEndpointDropped()
    {
        var network = _h.Create();
        _h.Driver.ProgramExternalConnectivity(network, _h.Endpoint(network), [new PortRequest(IpProtocol.Tcp, null, 80, 8080, 8080)]);
        // A reboot: every link is gone, the database is not.
        foreach (var name in _h.Kernel.LinkNames)
            _h.Kernel.TryDeleteLink(name);
        var applies = _h.Applied.Count;

        _h.Driver.Restore(network);

        Assert.True(_h.Kernel.TryGetLink(BridgeName) is BridgeLink { IsUp: true });
        Assert.Contains(_h.Kernel.Addresses, a => a.Address.Equals(IPAddress.Parse("10.90.0.1")));
        Assert.Null(_h.State.Endpoints.Find(EpId));
        Assert.True(_h.Applied.Count > applies);
        Assert.Empty(_h.LastRules.IPv4!.Ports);
    }

    [Fact]
    public void Restore_AllPresent_TouchesNothing()
    {
        var network = _h.Create();
        _h.Endpoint(network);
        var calls = _h.Kernel.Calls.Count;

        _h.Driver.Restore(network);

        Assert.Equal(calls, _h.Kernel.Calls.Count);
        Assert.NotNull(_h.State.Endpoints.Find(EpId));
    }

    [Fact]
    public void Restore_GatewayAddressGone_PutBack()
    {
        var network = _h.Create(DualStack());
        _h.Kernel.TryDeleteAddress(BridgeName, IPAddress.Parse("fd5c:90::1"), 64);

        _h.Driver.Restore(network);

        Assert.Contains(_h.Kernel.Addresses, a => a.Address.Equals(IPAddress.Parse("fd5c:90::1")) && a.PrefixLength == 64);
    }

    [Fact]
    public void Restore_AdoptedBridgeGone_NotRecreated()
    {
        _h.Kernel.Existing(new BridgeLink { Name = "br-user" });
        var network = _h.Create(Spec(("com.docker.network.bridge.name", "br-user")));
        _h.Kernel.TryDeleteLink("br-user");

        _h.Driver.Restore(network);

        Assert.Null(_h.Kernel.TryGetLink("br-user"));
    }
}
