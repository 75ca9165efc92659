using System.Net;
using System.Net.NetworkInformation;
using Csnet.Plugin.Drivers;
using Csnet.Plugin.Errors;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Model;
using Xunit;
using static Csnet.Plugin.Tests.Drivers.Macvlan.MacvlanHarness;

namespace Csnet.Plugin.Tests.Drivers.Macvlan;

public sealed class MacvlanDriverEndpointTests
{
    [Fact]
    public void CreateEndpoint_ChildOnTheParentWithModeMacAndTag_MacReturned()
    {
        using var h = new MacvlanHarness();
        var network = h.Create(Spec(("macvlan_mode", "private"), ("com.docker.network.driver.mtu", "1400")));

        var result = h.Driver.CreateEndpoint(network, new EndpointSpec(NetId, EpId, Csnet.Common.Addressing.CidrAddress.Parse("10.40.1.5/24"), null, null), default);

        var child = Assert.IsType<MacvlanLink>(h.Kernel.TryGetLink(Child));
        Assert.Equal((h.ParentLink.Index, MacvlanMode.Private, 1400), (child.ParentIndex, child.Mode, child.Mtu));
        Assert.Equal("csnet:4d4d4d4d4d4d/fedcba987654", child.Alias);
        Assert.Equal(PhysicalAddress.Parse("02-42-0A-28-01-05"), child.MacAddress);
        Assert.Equal(child.MacAddress, result.GeneratedMacAddress);
        Assert.Equal([new EndpointLink(Child, LinkRole.Container)], h.State.Endpoints.Find(EpId)!.Links);
    }

    [Fact]
    public void CreateEndpoint_Passthru_NoMacSoTheParentsIsKept()
    {
        using var h = new MacvlanHarness();
        var network = h.Create(Spec(("macvlan_mode", "passthru")));

        var result = h.Driver.CreateEndpoint(network, new EndpointSpec(NetId, EpId, Csnet.Common.Addressing.CidrAddress.Parse("10.40.1.5/24"), null, null), default);

        Assert.Null(result.GeneratedMacAddress);
        Assert.Null(h.Kernel.TryGetLink(Child)!.MacAddress);
    }

    [Fact]
    public void CreateEndpoint_UserMac_UsedAndNotReturned()
    {
        using var h = new MacvlanHarness();
        var network = h.Create();
        var mac = PhysicalAddress.Parse("02-11-22-33-44-55");

        var result = h.Driver.CreateEndpoint(network, new EndpointSpec(NetId, EpId, Csnet.Common.Addressing.CidrAddress.Parse("10.40.1.5/24"), null, mac), default);

        Assert.Null(result.GeneratedMacAddress);
        Assert.Equal(mac, h.Kernel.TryGetLink(Child)!.MacAddress);
    }

    [Fact]
    public void CreateEndpoint_WithShim_RoutesEachAddressThroughTheShimFromItsAddress()
    {
        using var h = new MacvlanHarness();
        var network = h.Create(DualStack(("csnet.host_shim", "10.40.1.250,fd5c:40:1::fa")));

        h.Endpoint(network, v6: "fd5c:40:1::5/64");

        var shim = h.Kernel.TryGetLink(Shim)!.Index;
        Assert.Contains(new Route(IPAddress.Parse("10.40.1.5"), 32, null, shim) { PreferredSource = IPAddress.Parse("10.40.1.250") }, h.Kernel.Routes);
        Assert.Contains(new Route(IPAddress.Parse("fd5c:40:1::5"), 128, null, shim) { PreferredSource = IPAddress.Parse("fd5c:40:1::fa") }, h.Kernel.Routes);
    }

    [Fact]
    public void CreateEndpoint_ShimOfOneFamily_RoutesOnlyThatFamily()
    {
        using var h = new MacvlanHarness();
        var network = h.Create(DualStack(("csnet.host_shim", "10.40.1.250")));

        h.Endpoint(network, v6: "fd5c:40:1::5/64");

        Assert.Equal([IPAddress.Parse("10.40.1.5")], h.Kernel.Routes.Select(r => r.Destination));
    }

    [Fact]
    public void CreateEndpoint_HostParentGone_ClearErrorAndNothingMade()
    {
        using var h = new MacvlanHarness();
        var network = h.Create();
        h.Kernel.TryDeleteLink(Parent);

        var error = Assert.Throws<CsnetException>(() => h.Endpoint(network));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Contains("parent eth1 of macvlan network 4d4d4d4d4d4d does not exist on this host (it did when the network was made); bring the link back", error.Message);
        Assert.Null(h.State.Endpoints.Find(EpId));
    }

    [Fact]
    public void CreateEndpoint_CsnetVlanParentGone_RecreatedFirst()
    {
        using var h = new MacvlanHarness();
        var network = h.Create(Spec(("parent", "eth1.10")));
        h.Kernel.TryDeleteLink("eth1.10");

        h.Endpoint(network);

        Assert.IsType<VlanLink>(h.Kernel.TryGetLink("eth1.10"));
        Assert.Equal(h.Kernel.TryGetLink("eth1.10")!.Index, Assert.IsType<MacvlanLink>(h.Kernel.TryGetLink(Child)).ParentIndex);
    }

    [Fact]
    public void CreateEndpoint_ShimRouteFails_ChildUndone()
    {
        using var h = new MacvlanHarness();
        var network = h.Create(Spec(("csnet.host_shim", "10.40.1.250")));
        h.Kernel.FailWhen = call => call.StartsWith("ReplaceRoute", StringComparison.Ordinal);

        Assert.Throws<CsnetException>(() => h.Endpoint(network));

        Assert.Null(h.Kernel.TryGetLink(Child));
        Assert.Null(h.State.Endpoints.Find(EpId));
    }

    [Fact]
    public void CreateEndpoint_Retried_AnsweredAsTheFirstTime()
    {
        using var h = new MacvlanHarness();
        var network = h.Create();
        var spec = new EndpointSpec(NetId, EpId, Csnet.Common.Addressing.CidrAddress.Parse("10.40.1.5/24"), null, null);
        var first = h.Driver.CreateEndpoint(network, spec, default);

        var again = h.Driver.CreateEndpoint(network, spec, default);

        Assert.Equal(first, again);
        Assert.Single(h.Kernel.Calls, c => c.StartsWith("AddLink macvlan", StringComparison.Ordinal));
    }

    [Fact]
    public void Join_GatewaysPerFamilyAndNeverDockerGwbridge()
    {
        using var h = new MacvlanHarness();
        var network = h.Create(DualStack());
        var endpoint = h.Endpoint(network, v6: "fd5c:40:1::5/64");

        var join = h.Driver.Join(network, endpoint);

        Assert.Equal((Child, "eth", IPAddress.Parse("10.40.1.1"), IPAddress.Parse("fd5c:40:1::1"), true),
            (join.SrcName, join.DstPrefix, join.Gateway, join.GatewayIPv6, join.DisableGatewayService));
    }

    [Fact]
    public void Join_NoGatewayGiven_NoDefaultRoute()
    {
        using var h = new MacvlanHarness();
        var network = h.Create(Spec() with { Subnets = [V4(gateway: null)] });

        var join = h.Driver.Join(network, h.Endpoint(network));

        Assert.Equal((null, true), (join.Gateway, join.DisableGatewayService));
    }

    [Fact]
    public void Join_Internal_NoGateway()
    {
        using var h = new MacvlanHarness();
        var network = h.Create(Spec() with { Internal = true });

        Assert.Null(h.Driver.Join(network, h.Endpoint(network)).Gateway);
    }

    [Fact]
    public void DeleteEndpoint_RemovesChildShimRoutesAndRecord()
    {
        using var h = new MacvlanHarness();
        var network = h.Create(Spec(("csnet.host_shim", "10.40.1.250")));
        var endpoint = h.Endpoint(network);

        h.Driver.DeleteEndpoint(network, endpoint);

        Assert.Null(h.Kernel.TryGetLink(Child));
        Assert.Empty(h.Kernel.Routes);
        Assert.Null(h.State.Endpoints.Find(EpId));
        Assert.NotNull(h.Kernel.TryGetLink(Shim));
    }

    [Fact]
    public void ProgramExternalConnectivity_PublishedPorts_RefusedNamingTheContainersAddress()
    {
        using var h = new MacvlanHarness();
        var network = h.Create();
        var endpoint = h.Endpoint(network);

        var error = Assert.Throws<CsnetException>(() => h.Driver.ProgramExternalConnectivity(network, endpoint,
            [new PortRequest(IpProtocol.Tcp, null, 80, 8080, 8080)]));

        Assert.Contains("macvlan network 4d4d4d4d4d4d publishes no ports (-p 8080:80): the container is on the LAN at 10.40.1.5", error.Message);
    }

    [Fact]
    public void ProgramExternalConnectivity_NoPorts_Nothing()
    {
        using var h = new MacvlanHarness();
        var network = h.Create();

        h.Driver.ProgramExternalConnectivity(network, h.Endpoint(network), []);
    }
}
