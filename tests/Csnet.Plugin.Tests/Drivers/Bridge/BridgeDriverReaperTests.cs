using Csnet.Plugin.Drivers;
using Csnet.Plugin.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Csnet.Plugin.Tests.Drivers.Bridge;

public sealed class BridgeDriverReaperTests : IDisposable
{
    private readonly BridgeHarness _h = new(withReaper: true);

    [Fact]
    public void DeleteEndpoint_MovesTheVethIntoThePendingGroupAndDeletesNothingItself()
    {
        var network = _h.Create();
        var endpoint = _h.Endpoint(network);

        _h.Driver.DeleteEndpoint(network, endpoint);

        Assert.Null(_h.State.Endpoints.Find(endpoint.Id));
        Assert.Equal(LinkReaper.PendingGroup, _h.Kernel.TryGetLink(BridgeHarness.HostVeth)!.Group);
        Assert.DoesNotContain(_h.Kernel.Calls, c => c.StartsWith("DeleteLink ", StringComparison.Ordinal));

        _h.Reaper!.Flush();
        Assert.Null(_h.Kernel.TryGetLink(BridgeHarness.HostVeth));
        Assert.Null(_h.Kernel.TryGetLink(BridgeHarness.ContainerVeth));
        Assert.NotNull(_h.Kernel.TryGetLink(BridgeHarness.BridgeName));
    }

    [Fact]
    public void DeleteEndpoint_HostEndGone_TheContainerEndIsRetired()
    {
        var network = _h.Create();
        var endpoint = _h.Endpoint(network);
        // The daemon moved the container end back and the host end went meanwhile: a lone link is left.
        _h.Kernel.TryDeleteLink(BridgeHarness.HostVeth);
        _h.Kernel.Existing(new Csnet.Plugin.Kernel.Rtnl.VethLink { Name = BridgeHarness.ContainerVeth });

        _h.Driver.DeleteEndpoint(network, endpoint);

        Assert.Equal(LinkReaper.PendingGroup, _h.Kernel.TryGetLink(BridgeHarness.ContainerVeth)!.Group);
    }

    [Fact]
    public void DeleteNetwork_LeavesNoPendingLinkBehind()
    {
        var network = _h.Create();
        _h.Endpoint(network);
        _h.Endpoint(network, id: "ab" + BridgeHarness.EpId[2..], v4: "10.90.0.6/24");

        _h.Driver.DeleteNetwork(network);

        Assert.Empty(_h.Kernel.GetLinks());
    }

    [Fact]
    public async Task TheBackgroundLoopDeletesRetiredLinksSoon()
    {
        var network = _h.Create();
        var endpoint = _h.Endpoint(network);
        await _h.Reaper!.StartAsync(CancellationToken.None);
        try
        {
            _h.Driver.DeleteEndpoint(network, endpoint);

            // Bounded: the window is 20 ms; allow for a loaded machine.
            for (var i = 0; i < 200 && _h.Kernel.TryGetLink(BridgeHarness.HostVeth) is not null; i++)
                await Task.Delay(25);
            Assert.Null(_h.Kernel.TryGetLink(BridgeHarness.HostVeth));
        }
        finally
        {
            await _h.Reaper.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task StartDeletesWhatAKilledProcessLeftPendingAndStopDeletesWhatIsLeft()
    {
        var kernel = new FakeRtnl();
        kernel.AddLink(new Csnet.Plugin.Kernel.Rtnl.VethLink { Name = "left", PeerName = "leftp", Group = LinkReaper.PendingGroup });
        kernel.AddLink(new Csnet.Plugin.Kernel.Rtnl.VethLink { Name = "other", PeerName = "otherp" });
        var reaper = new LinkReaper(kernel, NullLogger<LinkReaper>.Instance, TimeSpan.FromHours(1));

        await reaper.StartAsync(CancellationToken.None);
        Assert.Null(kernel.TryGetLink("left"));
        Assert.NotNull(kernel.TryGetLink("other"));

        Assert.True(reaper.Retire("other"));
        Assert.False(reaper.Retire("missing"));
        await reaper.StopAsync(CancellationToken.None);
        Assert.Empty(kernel.GetLinks());
    }

    public void Dispose() => _h.Dispose();
}
