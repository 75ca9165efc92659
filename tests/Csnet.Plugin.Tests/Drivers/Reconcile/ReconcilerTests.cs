using System.Net;
using Csnet.Ipam;
using Csnet.Plugin.Drivers;
using Csnet.Plugin.Drivers.Reconcile;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Model;
using Csnet.Plugin.Tests.Drivers.Bridge;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Xunit;
using static Csnet.Plugin.Tests.Drivers.Bridge.BridgeHarness;

namespace Csnet.Plugin.Tests.Drivers.Reconcile;

public sealed class ReconcilerTests : IDisposable
{
    private readonly BridgeHarness _h = new();
    private readonly Mock<IAddressReclaim> _ipam = new();
    private readonly Mock<IDockerState> _docker = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly Reconciler _reconciler;
    private DockerView? _view;

    public ReconcilerTests()
    {
        _docker.Setup(d => d.ReadAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => _view);
        _ipam.Setup(i => i.HeldAddresses(It.IsAny<string>())).Returns([]);
        _ipam.Setup(i => i.Pools()).Returns([]);
        var controller = new NetworkController([_h.Driver], _h.State.Networks, _h.State.Endpoints, new NetworkLocks());
        _reconciler = new Reconciler(controller, _h.State.Networks, _h.State.Endpoints, _h.Kernel, _ipam.Object, _docker.Object,
            _h.State.Journal, new ReconcileOptions { Grace = TimeSpan.FromMinutes(1) }, _time, NullLogger<Reconciler>.Instance);
    }

    public void Dispose() => _h.Dispose();

    private Task Pass() => _reconciler.PassAsync(TimeSpan.FromSeconds(1), default);

    private void Later() => _time.Advance(TimeSpan.FromHours(1));

    [Fact]
    public async Task Pass_OrphanedTaggedLink_DeletedOnTheSecondSightingOnly()
    {
        _h.Kernel.AddLink(new VethLink { Name = "csvorphan00001", PeerName = "cscorphan00001", Alias = "csnet:deadbeef0000/aaaaaaaaaaaa" });
        _h.Kernel.AddLink(new BridgeLink { Name = "br-user-own", Alias = "someone else's" });

        await Pass();
        Assert.NotNull(_h.Kernel.TryGetLink("csvorphan00001"));

        await Pass();
        Assert.Null(_h.Kernel.TryGetLink("csvorphan00001"));
        Assert.NotNull(_h.Kernel.TryGetLink("br-user-own"));
    }

    [Fact]
    public async Task Pass_LinksOfStoredRecords_Kept()
    {
        var network = _h.Create();
        _h.Endpoint(network);

        await Pass();
        await Pass();

        Assert.NotNull(_h.Kernel.TryGetLink(BridgeName));
        Assert.NotNull(_h.Kernel.TryGetLink(HostVeth));
    }

    [Fact]
    public async Task Pass_NetworkDockerForgot_DeletedWithItsPoolsOnTheSecondPass()
    {
        _h.Create();
        _view = new DockerView(new HashSet<string>(), new HashSet<string>(), new Dictionary<string, IReadOnlySet<string>>());
        Later();

        await Pass();
        Assert.NotNull(_h.State.Networks.Find(NetId));

        await Pass();
        Assert.Null(_h.State.Networks.Find(NetId));
        Assert.Null(_h.Kernel.TryGetLink(BridgeName));
        _ipam.Verify(i => i.ReleasePools(NetId));
    }

    [Fact]
    public async Task Pass_DockerUnreachable_NetworksKept()
    {
        _h.Create();
        Later();

        await Pass();
        await Pass();

        Assert.NotNull(_h.State.Networks.Find(NetId));
    }

    [Fact]
    public async Task Pass_EndpointDockerNoLongerLists_DeletedAndItsAddressReleased()
    {
        var network = _h.Create();
        _h.Endpoint(network);
        _view = new DockerView(new HashSet<string> { NetId }, new HashSet<string>(),
            new Dictionary<string, IReadOnlySet<string>> { [NetId] = new HashSet<string>() });
        Later();

        await Pass();

        Assert.Null(_h.State.Endpoints.Find(EpId));
        _ipam.Verify(i => i.ReleaseAddress(NetId, IPAddress.Parse("10.90.0.5")));
    }

    [Fact]
    public async Task Pass_AddressNobodyHolds_ReleasedWhenOldAndSeenTwice()
    {
        var network = _h.Create();
        _h.Endpoint(network);
        _ipam.Setup(i => i.HeldAddresses(NetId)).Returns(
        [
            new HeldAddress(IPAddress.Parse("10.90.0.5"), DateTime.UtcNow, false),
            new HeldAddress(IPAddress.Parse("10.90.0.9"), DateTime.UtcNow, true),
        ]);

        await Pass();
        Later();
        await Pass();
        _ipam.Verify(i => i.ReleaseAddress(NetId, It.IsAny<IPAddress>()), Times.Never);

        await Pass();
        _ipam.Verify(i => i.ReleaseAddress(NetId, IPAddress.Parse("10.90.0.9")));
        _ipam.Verify(i => i.ReleaseAddress(NetId, IPAddress.Parse("10.90.0.5")), Times.Never);
    }

    [Fact]
    public async Task Pass_StaleEndpointWhoseAddressANewerEndpointHolds_AddressKept()
    {
        var network = _h.Create();
        _h.Endpoint(network);
        // A newer container got the same address after Docker released the stale one's.
        const string newer = "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789";
        _h.Endpoint(network, newer);
        _view = new DockerView(new HashSet<string> { NetId }, new HashSet<string>(),
            new Dictionary<string, IReadOnlySet<string>> { [NetId] = new HashSet<string> { newer } });
        Later();

        await Pass();

        Assert.Null(_h.State.Endpoints.Find(EpId));
        Assert.NotNull(_h.State.Endpoints.Find(newer));
        _ipam.Verify(i => i.ReleaseAddress(NetId, IPAddress.Parse("10.90.0.5")), Times.Never);
    }

    [Fact]
    public async Task Pass_UnattachedPool_ReleasedOnlyWhenDockerDoesNotUseItEither()
    {
        _ipam.Setup(i => i.Pools()).Returns(
        [
            new HeldPool("LocalDefault/10.91.0.0/24", null, DateTime.UtcNow),
            new HeldPool("LocalDefault/10.92.0.0/24", null, DateTime.UtcNow),
        ]);
        Later();
        _view = new DockerView(new HashSet<string>(), new HashSet<string> { "10.92.0.0/24" }, new Dictionary<string, IReadOnlySet<string>>());

        await Pass();
        await Pass();

        _ipam.Verify(i => i.ReleasePool("LocalDefault/10.91.0.0/24"));
        _ipam.Verify(i => i.ReleasePool("LocalDefault/10.92.0.0/24"), Times.Never);
    }

    [Fact]
    public async Task Pass_UnattachedPoolWithoutDocker_LeftAlone()
    {
        _ipam.Setup(i => i.Pools()).Returns([new HeldPool("LocalDefault/10.91.0.0/24", null, DateTime.UtcNow)]);
        Later();

        await Pass();
        await Pass();

        _ipam.Verify(i => i.ReleasePool(It.IsAny<string>()), Times.Never);
    }
}
