using System.Net;
using Csnet.Ipam;
using Csnet.Plugin.Drivers;
using Csnet.Plugin.Drivers.Reconcile;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Model;
using Csnet.Plugin.State;
using Csnet.Plugin.Tests.Drivers.Macvlan;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Xunit;
using static Csnet.Plugin.Tests.Drivers.Macvlan.MacvlanHarness;

namespace Csnet.Plugin.Tests.Drivers.Reconcile;

/// <summary>The reconcile pass over macvlan networks: their VLAN parents, shims and children converge like bridges and veths.</summary>
public sealed class ReconcilerMacvlanTests : IDisposable
{
    private const string Vlan = "eth1.10";
    private readonly MacvlanHarness _h = new();
    private readonly Mock<IAddressReclaim> _ipam = new();
    private readonly Mock<IDockerState> _docker = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly Reconciler _reconciler;
    private DockerView? _view;

    public ReconcilerMacvlanTests()
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

    private static NetworkSpec VlanWithShim() => Spec(("parent", Vlan), ("csnet.host_shim", "10.40.1.250"));

    [Fact]
    public async Task Pass_OrphanedVlanShimAndChild_DeletedOnTheSecondSightingOnly()
    {
        _h.Kernel.AddLink(new VlanLink { Name = "eth1.20", ParentIndex = _h.ParentLink.Index, VlanId = 20, Alias = "csnet:deadbeef0000" });
        var vlan = _h.Kernel.TryGetLink("eth1.20")!;
        _h.Kernel.AddLink(new MacvlanLink { Name = "cshimdeadbeef00", ParentIndex = vlan.Index, Alias = "csnet:deadbeef0000" });
        _h.Kernel.AddLink(new MacvlanLink { Name = "csmaaaaaaaaaaaa", ParentIndex = _h.ParentLink.Index, Alias = "csnet:deadbeef0000/aaaaaaaaaaaa" });

        await Pass();
        Assert.Equal(4, _h.Kernel.LinkNames.Count);

        await Pass();
        Assert.Equal([Parent], _h.Kernel.LinkNames);
    }

    [Fact]
    public async Task Pass_ChildOfAnEndpointWithoutRecord_DeletedButTheNetworksLinksKept()
    {
        _h.Create(VlanWithShim());
        _h.Kernel.AddLink(new MacvlanLink { Name = "csmaaaaaaaaaaaa", ParentIndex = _h.ParentLink.Index, Alias = OwnershipTag.For(NetId, "aaaaaaaaaaaa0000") });

        await Pass();
        await Pass();

        Assert.Null(_h.Kernel.TryGetLink("csmaaaaaaaaaaaa"));
        Assert.NotNull(_h.Kernel.TryGetLink(Vlan));
        Assert.NotNull(_h.Kernel.TryGetLink(Shim));
    }

    [Fact]
    public async Task Pass_LinksOfStoredMacvlanRecords_Kept()
    {
        var network = _h.Create(VlanWithShim());
        _h.Endpoint(network);
        _h.Kernel.Calls.Clear();

        await Pass();
        await Pass();

        Assert.Equal([Parent, Vlan, Shim, Child], _h.Kernel.LinkNames.OrderBy(n => _h.Kernel.TryGetLink(n)!.Index));
        Assert.DoesNotContain(_h.Kernel.Calls, c => c.StartsWith("DeleteLink", StringComparison.Ordinal) || c.StartsWith("AddLink", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pass_SharedVlanStillTaggedWithADeletedNetwork_RetaggedNotDeleted()
    {
        _h.Create(Spec(("parent", Vlan)) with { NetworkId = OtherNetId, Subnets = [V4("10.40.2.0/24", null)] });
        var network = _h.Create(Spec(("parent", Vlan)));
        _h.Kernel.SetAlias(Vlan, OwnershipTag.For(NetId));
        // The record went, the tag stayed (a crash in an older csnet's delete).
        _h.State.Networks.Delete(network.Id);

        await Pass();
        await Pass();

        Assert.Equal(OwnershipTag.For(OtherNetId), _h.Kernel.TryGetLink(Vlan)!.Alias);
    }

    [Fact]
    public async Task Pass_VlanParentAndShimVanished_BothRecreated()
    {
        var network = _h.Create(VlanWithShim());
        _h.Endpoint(network);
        // Deleting the VLAN link takes the shim and the child with it, as in the kernel.
        _h.Kernel.TryDeleteLink(Vlan);

        await Pass();

        Assert.IsType<VlanLink>(_h.Kernel.TryGetLink(Vlan));
        var shim = Assert.IsType<MacvlanLink>(_h.Kernel.TryGetLink(Shim));
        Assert.Equal(_h.Kernel.TryGetLink(Vlan)!.Index, shim.ParentIndex);
        Assert.Contains(_h.Kernel.Addresses, a => a.LinkIndex == shim.Index && a.Address.Equals(IPAddress.Parse("10.40.1.250")));
    }

    [Fact]
    public async Task Pass_EndpointWhoseContainerIsGone_DeletedAndItsAddressReleased()
    {
        var network = _h.Create(VlanWithShim());
        _h.Endpoint(network);
        _h.State.Endpoints.Join(EpId, "/var/run/docker/netns/gone-" + Guid.NewGuid().ToString("N"));
        Later();

        await Pass();

        Assert.Null(_h.State.Endpoints.Find(EpId));
        Assert.Empty(_h.Kernel.Routes);
        _ipam.Verify(i => i.ReleaseAddress(NetId, IPAddress.Parse("10.40.1.5")));
    }

    [Fact]
    public async Task Pass_MacvlanNetworkDockerForgot_DeletedWithItsVlanShimAndPoolsOnTheSecondPass()
    {
        var network = _h.Create(VlanWithShim());
        _h.Endpoint(network);
        _view = new DockerView(new HashSet<string>(), new HashSet<string>(), new Dictionary<string, IReadOnlySet<string>>());
        Later();

        await Pass();
        Assert.NotNull(_h.State.Networks.Find(NetId));

        await Pass();
        Assert.Null(_h.State.Networks.Find(NetId));
        Assert.Null(_h.State.Endpoints.Find(EpId));
        Assert.Equal([Parent], _h.Kernel.LinkNames);
        _ipam.Verify(i => i.ReleasePools(NetId));
    }
}
