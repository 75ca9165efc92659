using System.Net;
using Csnet.Common.Addressing;
using Csnet.Plugin.Drivers;
using Csnet.Plugin.Errors;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Model;
using Xunit;
using static Csnet.Plugin.Tests.Drivers.Bridge.BridgeHarness;

namespace Csnet.Plugin.Tests.Drivers.Bridge;

public sealed class BridgeDriverEndpointTests : IDisposable
{
    private readonly BridgeHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public void CreateEndpoint_NoMacGiven_GeneratesDockerStyleMacAndVethOnBridgeInOneRequest()
    {
        var network = _h.Create(Spec(("com.docker.network.driver.mtu", "1400")));

        var result = _h.Driver.CreateEndpoint(network, new EndpointSpec(NetId, EpId, CidrAddress.Parse("10.90.0.5/24"), null, null), default);

        Assert.Equal("02:42:0a:5a:00:05", MacAddresses.Format(result.GeneratedMacAddress!));
        var host = Assert.IsType<VethLink>(_h.Kernel.TryGetLink(HostVeth));
        var peer = Assert.IsType<VethLink>(_h.Kernel.TryGetLink(ContainerVeth));
        Assert.Equal((1400, 1400), (host.Mtu, peer.Mtu));
        Assert.Equal(_h.Kernel.TryGetLink(BridgeName)!.Index, host.MasterIndex);
        Assert.True(host.IsUp);
        Assert.True(_h.Kernel.GetBridgePortHairpin(HostVeth));
        Assert.DoesNotContain(_h.Kernel.Calls, c => c.StartsWith("SetMaster", StringComparison.Ordinal) || c == $"SetUp {HostVeth}");
        var endpoint = _h.State.Endpoints.Find(EpId)!;
        Assert.Equal([new EndpointLink(HostVeth, LinkRole.Host), new EndpointLink(ContainerVeth, LinkRole.Container)], endpoint.Links);
        Assert.Equal("10.90.0.5/24", endpoint.Addresses.Single().ToString());
    }

    [Fact]
    public void CreateEndpoint_MacGivenByDaemon_NotReturned()
    {
        var network = _h.Create();
        MacAddresses.TryParse("02:00:00:00:00:01", out var mac);

        var result = _h.Driver.CreateEndpoint(network, new EndpointSpec(NetId, EpId, CidrAddress.Parse("10.90.0.5/24"), null, mac), default);

        Assert.Null(result.GeneratedMacAddress);
        Assert.Equal(mac, _h.Kernel.TryGetLink(ContainerVeth)!.MacAddress);
    }

    [Fact]
    public void CreateEndpoint_SameRequestAgain_SameAnswerNothingTwice()
    {
        var network = _h.Create();
        var spec = new EndpointSpec(NetId, EpId, CidrAddress.Parse("10.90.0.5/24"), null, null);
        var first = _h.Driver.CreateEndpoint(network, spec, default);
        var calls = _h.Kernel.Calls.Count;

        var second = _h.Driver.CreateEndpoint(network, spec, default);

        Assert.Equal(first.GeneratedMacAddress, second.GeneratedMacAddress);
        Assert.Equal(calls, _h.Kernel.Calls.Count);
    }

    [Fact]
    public void CreateEndpoint_HairpinFails_VethRemovedAndNoRecord()
    {
        var network = _h.Create();
        _h.Kernel.FailWhen = call => call.StartsWith("SetHairpin", StringComparison.Ordinal);

        Assert.Throws<CsnetException>(() => _h.Endpoint(network));

        Assert.Null(_h.Kernel.TryGetLink(HostVeth));
        Assert.Null(_h.Kernel.TryGetLink(ContainerVeth));
        Assert.Null(_h.State.Endpoints.Find(EpId));
    }

    [Fact]
    public void CreateEndpoint_BridgeGone_ErrorSaysWhatToDo()
    {
        var network = _h.Create();
        _h.Kernel.TryDeleteLink(BridgeName);

        var error = Assert.Throws<CsnetException>(() => _h.Endpoint(network));

        Assert.Contains($"bridge {BridgeName} does not exist", error.Message);
        Assert.Null(_h.State.Endpoints.Find(EpId));
    }

    [Fact]
    public void CreateEndpoint_BridgeRebuiltWithNewIndex_NextEndpointFindsTheNewBridge()
    {
        var network = _h.Create();
        _h.Endpoint(network);
        var old = _h.Kernel.TryGetLink(BridgeName)!;
        _h.Kernel.TryDeleteLink(BridgeName);
        var rebuilt = _h.Kernel.Existing(new BridgeLink { Name = BridgeName });
        Assert.NotEqual(old.Index, rebuilt.Index);

        var second = new string('b', 64);
        _h.Driver.CreateEndpoint(network, new EndpointSpec(NetId, second, CidrAddress.Parse("10.90.0.6/24"), null, null), default);

        Assert.Equal(rebuilt.Index, _h.Kernel.TryGetLink(InterfaceNames.HostVeth(second))!.MasterIndex);
        Assert.True(_h.Kernel.GetBridgePortHairpin(InterfaceNames.HostVeth(second)));
    }

    [Fact]
    public void Join_Endpoint_ContainerVethPrefixAndSubnetGateway()
    {
        var network = _h.Create(Spec(("com.docker.network.container_iface_prefix", "en")));

        var join = _h.Driver.Join(network, _h.Endpoint(network));

        Assert.Equal(ContainerVeth, join.SrcName);
        Assert.Equal("en", join.DstPrefix);
        Assert.Equal(IPAddress.Parse("10.90.0.1"), join.Gateway);
        Assert.Null(join.GatewayIPv6);
    }

    [Fact]
    public void Join_InternalNetwork_NoGatewayAndNoGatewayService()
    {
        var network = _h.Create(Spec() with { Internal = true });

        var join = _h.Driver.Join(network, _h.Endpoint(network));

        Assert.Null(join.Gateway);
        Assert.True(join.DisableGatewayService);
    }

    [Fact]
    public void DeleteNetwork_WithLeftoverEndpoint_RemovesVethBridgeRecordsAndRules()
    {
        var network = _h.Create();
        _h.Endpoint(network);

        _h.Driver.DeleteNetwork(network);

        Assert.Empty(_h.Kernel.LinkNames);
        Assert.Null(_h.State.Networks.Find(NetId));
        Assert.Null(_h.State.Endpoints.Find(EpId));
        Assert.Empty(_h.Applied.Last());
    }

    [Fact]
    public void DeleteEndpoint_HostEndGone_ContainerEndRemovedToo()
    {
        var network = _h.Create();
        var endpoint = _h.Endpoint(network);
        // After Leave the daemon renames the container end back; here only it is left.
        _h.Kernel.TryDeleteLink(HostVeth);
        _h.Kernel.Existing(new VethLink { Name = ContainerVeth });

        _h.Driver.DeleteEndpoint(network, endpoint);

        Assert.Null(_h.Kernel.TryGetLink(ContainerVeth));
        Assert.Null(_h.State.Endpoints.Find(EpId));
    }
}
