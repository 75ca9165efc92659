using System.Net;
using Csnet.Plugin.Drivers.Macvlan;
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
    public void Reconcile_SharedVlanTaggedWithANetworkThatHasNoRecord_TakesALiveNetworksTag()
    {
        using var h = new MacvlanHarness();
        var network = h.Create(Spec(("parent", "eth1.10")));
        h.Kernel.SetAlias("eth1.10", "csnet:0badc0ffee00");

        h.Driver.Reconcile(network, Later);

        Assert.Equal(OwnershipTag.For(NetId), h.Kernel.TryGetLink("eth1.10")!.Alias);
    }

    [Fact]
    public void Reconcile_SharedVlanTaggedWithAnotherLiveNetwork_Untouched()
    {
        using var h = new MacvlanHarness();
        var network = h.Create(Spec(("parent", "eth1.10")));
        h.Create(Spec(("parent", "eth1.10")) with { NetworkId = OtherNetId, Subnets = [V4("10.40.2.0/24", null)] });
        h.Kernel.SetAlias("eth1.10", OwnershipTag.For(OtherNetId));
        h.Kernel.Calls.Clear();

        h.Driver.Reconcile(network, Later);

        Assert.DoesNotContain(h.Kernel.Calls, c => c.StartsWith("SetAlias", StringComparison.Ordinal));
    }

    [Fact]
    public void Reconcile_HostParent_NeverRetagged()
    {
        using var h = new MacvlanHarness();
        var network = h.Create();

        h.Driver.Reconcile(network, Later);

        Assert.Null(h.Kernel.TryGetLink(Parent)!.Alias);
    }

    [Fact]
    public void Reconcile_ShimRouteToAnAddressNoEndpointHolds_Dropped()
    {
        using var h = new MacvlanHarness();
        var network = h.Create(Spec(("csnet.host_shim", "10.40.1.250")));
        h.Endpoint(network);
        var shim = h.Kernel.TryGetLink(Shim)!.Index;
        // What a crash between the route and the endpoint's record leaves, and a route someone else added.
        h.Kernel.ReplaceRoute(new Route(IPAddress.Parse("10.40.1.7"), 32, null, shim) { PreferredSource = IPAddress.Parse("10.40.1.250") });
        h.Kernel.ReplaceRoute(new Route(IPAddress.Parse("10.40.1.0"), 28, null, shim));

        h.Driver.Reconcile(network, Later);

        Assert.Equal(["10.40.1.0", "10.40.1.5"], h.Kernel.Routes.Select(r => r.Destination!.ToString()).Order());
    }

    [Fact]
    public void Reconcile_PlaceholderParentLost_RecreatedAsAPortlessBridge()
    {
        using var h = new MacvlanHarness();
        var network = h.Create(Spec(("parent", "")));
        var placeholder = network.SettingsAs<MacvlanSettings>().Parent;
        h.Kernel.TryDeleteLink(placeholder);

        h.Driver.Reconcile(network, Later);

        var bridge = Assert.IsType<BridgeLink>(h.Kernel.TryGetLink(placeholder));
        Assert.Equal(OwnershipTag.For(NetId), bridge.Alias);
    }

    [Fact]
    public void Reconcile_UnjoinedEndpointWhoseChildIsGone_DeletedWhenOld()
    {
        using var h = new MacvlanHarness();
        var network = h.Create();
        h.Endpoint(network);
        h.Kernel.TryDeleteLink(Child);

        Assert.Empty(h.Driver.Reconcile(network, Later with { Now = DateTime.UtcNow }));
        var stale = h.Driver.Reconcile(network, Later);

        Assert.Equal("its macvlan child is gone and it never joined a container", Assert.Single(stale).Reason);
        Assert.Null(h.State.Endpoints.Find(EpId));
    }
}
