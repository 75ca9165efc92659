using System.Net;
using Csnet.Plugin.Drivers.Reconcile;
using Csnet.Plugin.Errors;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Model;
using Csnet.Plugin.State;
using Xunit;
using static Csnet.Plugin.Tests.Drivers.Macvlan.MacvlanHarness;

namespace Csnet.Plugin.Tests.Drivers.Macvlan;

public sealed class MacvlanDriverReconcileTests
{
    /// <summary>A pass long after everything was made, Docker not asked.</summary>
    private static readonly ReconcileContext Later = new(DateTime.UtcNow.AddHours(1), TimeSpan.FromSeconds(60), null);

    [Fact]
    public void Reconcile_CsnetVlanParentLostInAReboot_Recreated()
    {
        using var h = new MacvlanHarness();
        var network = h.Create(Spec(("parent", "eth1.10")));
        h.Kernel.TryDeleteLink("eth1.10");

        h.Driver.Reconcile(network, Later);

        var vlan = Assert.IsType<VlanLink>(h.Kernel.TryGetLink("eth1.10"));
        Assert.Equal((10, true), (vlan.VlanId, vlan.IsUp));
    }

    [Fact]
    public void Reconcile_HostParentMissing_NetworkStaysAndEndpointsFailUntilItIsBack()
    {
        using var h = new MacvlanHarness();
        var network = h.Create();
        h.Kernel.TryDeleteLink(Parent);

        h.Driver.Reconcile(network, Later);
        h.Driver.Reconcile(network, Later);

        Assert.NotNull(h.State.Networks.Find(NetId));
        Assert.Throws<CsnetException>(() => h.Endpoint(network));
        h.Kernel.Existing(new OtherLink("") { Name = Parent, Mtu = 1500, IsUp = true });
        Assert.NotNull(h.Endpoint(network));
    }

    [Fact]
    public void Reconcile_ShimLost_RebuiltWithItsAddressAndTheRoutesOfLiveEndpoints()
    {
        using var h = new MacvlanHarness();
        var network = h.Create(Spec(("csnet.host_shim", "10.40.1.250")));
        h.Endpoint(network);
        h.Kernel.TryDeleteLink(Shim);

        h.Driver.Reconcile(network, Later);

        var shim = Assert.IsType<MacvlanLink>(h.Kernel.TryGetLink(Shim));
        Assert.Contains(h.Kernel.Addresses, a => a.LinkIndex == shim.Index && a.Address.Equals(IPAddress.Parse("10.40.1.250")));
        Assert.Contains(h.Kernel.Routes, r => r.OutputIndex == shim.Index && r.Destination!.Equals(IPAddress.Parse("10.40.1.5")));
    }

    [Fact]
    public void Reconcile_IntactShim_Untouched()
    {
        using var h = new MacvlanHarness();
        var network = h.Create(Spec(("csnet.host_shim", "10.40.1.250")));
        h.Endpoint(network);
        h.Kernel.Calls.Clear();

        h.Driver.Reconcile(network, Later);

        Assert.DoesNotContain(h.Kernel.Calls, c => c.StartsWith("AddLink", StringComparison.Ordinal)
            || c.StartsWith("DeleteLink", StringComparison.Ordinal) || c.StartsWith("ReplaceRoute", StringComparison.Ordinal));
    }

    [Fact]
    public void Reconcile_JoinedEndpointWhoseSandboxIsGone_DeletedAndReturned()
    {
        using var h = new MacvlanHarness();
        var network = h.Create(Spec(("csnet.host_shim", "10.40.1.250")));
        h.Endpoint(network);
        h.State.Endpoints.Join(EpId, "/var/run/docker/netns/does-not-exist-" + Guid.NewGuid().ToString("N"));

        var stale = h.Driver.Reconcile(network, Later);

        Assert.Equal(EpId, Assert.Single(stale).Endpoint.Id);
        Assert.Null(h.State.Endpoints.Find(EpId));
        Assert.Empty(h.Kernel.Routes);
    }

    [Fact]
    public void Reconcile_EndpointDockerNoLongerLists_Deleted()
    {
        using var h = new MacvlanHarness();
        var network = h.Create();
        h.Endpoint(network);
        h.State.Endpoints.Join(EpId, Path.GetTempPath());

        var stale = h.Driver.Reconcile(network, Later with { DockerEndpoints = new HashSet<string>() });

        Assert.Equal("Docker no longer has it", Assert.Single(stale).Reason);
    }

    [Fact]
    public void Reconcile_YoungOrLiveEndpoints_Kept()
    {
        using var h = new MacvlanHarness();
        var network = h.Create();
        h.Endpoint(network);
        h.State.Endpoints.Join(EpId, "/var/run/docker/netns/gone");

        Assert.Empty(h.Driver.Reconcile(network, Later with { Now = DateTime.UtcNow }));
        Assert.Empty(h.Driver.Reconcile(network, Later with { DockerEndpoints = new HashSet<string> { EpId } }));
    }

    [Fact]
    public void DeleteNetwork_SharedVlanOfTheDeletedNetwork_TaggedWithTheNetworkThatStays()
    {
        using var h = new MacvlanHarness();
        var first = h.Create(Spec(("parent", "eth1.10")));
        h.Create(Spec(("parent", "eth1.10")) with { NetworkId = OtherNetId, Subnets = [V4("10.40.2.0/24", null)] });

        h.Driver.DeleteNetwork(first);

        Assert.Equal(OwnershipTag.For(OtherNetId), h.Kernel.TryGetLink("eth1.10")!.Alias);
    }

    [Fact]
    public void Recover_CreateNetworkCutShortBeforeItsRecord_ShimAndCreatedParentTakenBack()
    {
        using var h = new MacvlanHarness();
        h.Kernel.FailWhen = call => call.StartsWith($"AddAddress {Shim}", StringComparison.Ordinal);
        var journal = new RecordingJournal();
        var driver = h.DriverWith(journal);
        Assert.Throws<CsnetException>(() => driver.CreateNetwork(Spec(("parent", "eth1.10"), ("csnet.host_shim", "10.40.1.250")), default));
        var intent = Assert.Single(journal.Begun);
        h.Kernel.FailWhen = _ => false;
        // As a crash after the links were made (and before any undo) would leave them.
        h.Kernel.Existing(new VlanLink { Name = "eth1.10", ParentIndex = h.ParentLink.Index, VlanId = 10 });
        h.Kernel.Existing(new MacvlanLink { Name = Shim, ParentIndex = h.ParentLink.Index });

        driver.Recover(intent);

        Assert.Null(h.Kernel.TryGetLink("eth1.10"));
        Assert.Null(h.Kernel.TryGetLink(Shim));
    }

    [Fact]
    public void Recover_CreateEndpointWithoutRecord_ChildDeleted()
    {
        using var h = new MacvlanHarness();
        h.Create();
        h.Kernel.Existing(new MacvlanLink { Name = Child, ParentIndex = h.ParentLink.Index });

        h.Driver.Recover(new Intent(Intent.CreateEndpoint, "macvlan", NetId, EpId, new Dictionary<string, string>(), DateTime.UtcNow));

        Assert.Null(h.Kernel.TryGetLink(Child));
    }

    [Fact]
    public void Recover_CreateNetworkWhoseRecordWasSaved_DeletedAsAWhole()
    {
        using var h = new MacvlanHarness();
        h.Create(Spec(("parent", "eth1.10"), ("csnet.host_shim", "10.40.1.250")));

        h.Driver.Recover(new Intent(Intent.CreateNetwork, "macvlan", NetId, null, new Dictionary<string, string>(), DateTime.UtcNow));

        Assert.Null(h.State.Networks.Find(NetId));
        Assert.Equal([Parent], h.Kernel.LinkNames);
    }

    private sealed class RecordingJournal : IIntentJournal
    {
        public List<Intent> Begun { get; } = [];

        public void Begin(Intent intent) => Begun.Add(intent);

        public void End(Intent intent)
        {
        }

        public IReadOnlyList<Intent> Pending() => Begun;
    }
}
