using System.Net;
using Csnet.Plugin.Drivers;
using Csnet.Plugin.Drivers.Bridge;
using Csnet.Plugin.Drivers.Ports;
using Csnet.Plugin.Drivers.Steps;
using Csnet.Plugin.Errors;
using Csnet.Plugin.Kernel.Netlink;
using Csnet.Plugin.Kernel.Nftables;
using Csnet.Plugin.Kernel.Proc;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.State;
using LiteDB;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Xunit;

namespace Csnet.Plugin.Tests.Drivers.Bridge;

public sealed class BridgeDriverTests : IDisposable
{
    private const string NetId = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string EpId = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

    private readonly LiteDatabase _db = new(new MemoryStream());
    private readonly Mock<IRtnl> _rtnl = new();
    private readonly Mock<IFirewall> _firewall = new();
    private readonly Mock<IHostPorts> _hostPorts = new();
    private readonly LiteNetworkStore _networks;
    private readonly LiteEndpointStore _endpoints;
    private readonly BridgeDriver _driver;
    private readonly List<IReadOnlyCollection<NetworkRules>> _applied = [];

    public BridgeDriverTests()
    {
        _networks = new LiteNetworkStore(_db);
        _endpoints = new LiteEndpointStore(_db);
        _firewall.Setup(f => f.Apply(It.IsAny<IReadOnlyCollection<NetworkRules>>()))
            .Callback<IReadOnlyCollection<NetworkRules>>(r => _applied.Add(r));
        _rtnl.Setup(r => r.GetAddresses(It.IsAny<string?>())).Returns([]);
        _hostPorts.Setup(h => h.EphemeralRange()).Returns((40000, 40010));
        _hostPorts.Setup(h => h.IsFree(It.IsAny<int>(), It.IsAny<IPAddress?>(), It.IsAny<int>())).Returns(true);
        _driver = new BridgeDriver(_rtnl.Object, _networks, _endpoints, new BridgeFirewall(_networks, _endpoints, _firewall.Object, NullLogger<BridgeFirewall>.Instance),
            Mock.Of<ISysctls>(), new PortAllocator(_endpoints, _hostPorts.Object), new StepRunner(NullLogger<StepRunner>.Instance), TimeProvider.System,
            NullLogger<BridgeDriver>.Instance);
    }

    public void Dispose() => _db.Dispose();

    private static NetworkSpec Spec(params (string, string)[] options) => new(
        NetId,
        options.ToDictionary(o => o.Item1, o => o.Item2),
        Internal: false,
        EnableIPv6: false,
        [new SubnetSpec(Cidr.Parse("10.90.0.0/24"), Cidr.Parse("10.90.0.1/24"), new Dictionary<string, Cidr>())],
        []);

    [Fact]
    public void CreateNetwork_NoBridgeYet_CreatesBridgeGatewayRulesAndRecord()
    {
        var record = _driver.CreateNetwork(Spec(("com.docker.network.driver.mtu", "1400")), default);

        Assert.Equal("csbr-0123456789", record.BridgeName);
        _rtnl.Verify(r => r.AddLink(It.Is<BridgeLink>(b => b.Name == "csbr-0123456789" && b.Mtu == 1400 && b.Alias == "csnet:0123456789ab")));
        _rtnl.Verify(r => r.AddAddress("csbr-0123456789", IPAddress.Parse("10.90.0.1"), 24));
        _rtnl.Verify(r => r.SetUp("csbr-0123456789"));
        var rules = Assert.Single(_applied.Last());
        Assert.Equal(IPAddress.Parse("10.90.0.0"), rules.Subnet);
        Assert.True(rules.Masquerade);
        Assert.Equal(LinkOwner.Csnet, _networks.Find(NetId)!.BridgeOwner);
    }

    [Fact]
    public void CreateNetwork_FirewallFails_UndoesBridgeAndRecord()
    {
        _firewall.SetupSequence(f => f.Apply(It.IsAny<IReadOnlyCollection<NetworkRules>>()))
            .Throws(new NftablesException("apply", "no nf_tables"))
            .Pass();

        var error = Assert.Throws<CsnetException>(() => _driver.CreateNetwork(Spec(), default));

        Assert.Equal(ErrorKind.Kernel, error.Kind);
        Assert.Contains("InstallRules", error.Message);
        _rtnl.Verify(r => r.DeleteAddress("csbr-0123456789", IPAddress.Parse("10.90.0.1"), 24));
        _rtnl.Verify(r => r.TryDeleteLink("csbr-0123456789"));
        Assert.Null(_networks.Find(NetId));
    }

    [Fact]
    public void CreateNetwork_BridgeAddFails_NothingStored()
    {
        _rtnl.Setup(r => r.AddLink(It.IsAny<Link>())).Throws(new NetlinkException("RTM_NEWLINK", 1, null));

        var error = Assert.Throws<CsnetException>(() => _driver.CreateNetwork(Spec(), default));

        Assert.Contains("CreateBridge", error.Message);
        Assert.Null(_networks.Find(NetId));
        _firewall.Verify(f => f.Apply(It.IsAny<IReadOnlyCollection<NetworkRules>>()), Times.Never);
    }

    [Fact]
    public void CreateNetwork_ExistingBridge_AdoptedAndLeftInPlaceOnDelete()
    {
        _rtnl.Setup(r => r.TryGetLink("br-user")).Returns(new BridgeLink { Name = "br-user", Index = 7 });

        var record = _driver.CreateNetwork(Spec(("com.docker.network.bridge.name", "br-user")), default);
        _driver.DeleteNetwork(record);

        Assert.Equal(LinkOwner.Existing, record.BridgeOwner);
        _rtnl.Verify(r => r.AddLink(It.IsAny<Link>()), Times.Never);
        _rtnl.Verify(r => r.TryDeleteLink("br-user"), Times.Never);
        _rtnl.Verify(r => r.DeleteAddress("br-user", IPAddress.Parse("10.90.0.1"), 24));
        Assert.Empty(_applied.Last());
    }

    [Fact]
    public void CreateNetwork_NameTakenByAnotherKind_NamesTheKind()
    {
        _rtnl.Setup(r => r.TryGetLink("eth0")).Returns(new OtherLink("device") { Name = "eth0" });

        var error = Assert.Throws<CsnetException>(() => _driver.CreateNetwork(Spec(("com.docker.network.bridge.name", "eth0")), default));

        Assert.Contains("link eth0 exists and is a device, not a bridge", error.Message);
    }

    [Fact]
    public void CreateNetwork_BridgeNameUsedByOtherNetwork_Conflict()
    {
        _driver.CreateNetwork(Spec(("com.docker.network.bridge.name", "br-a")), default);
        var other = Spec(("com.docker.network.bridge.name", "br-a")) with { NetworkId = "ffff" + NetId[4..] };

        var error = Assert.Throws<CsnetException>(() => _driver.CreateNetwork(other, default));

        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Contains("already used by network 0123456789ab", error.Message);
    }

    [Fact]
    public void CreateEndpoint_NoMacGiven_GeneratesDockerStyleMacAndVethOnBridge()
    {
        var network = _driver.CreateNetwork(Spec(("com.docker.network.driver.mtu", "1400")), default);

        var result = _driver.CreateEndpoint(network, new EndpointSpec(NetId, EpId, Cidr.Parse("10.90.0.5/24"), null, null), default);

        Assert.Equal("02:42:0a:5a:00:05", MacAddresses.Format(result.GeneratedMacAddress!));
        _rtnl.Verify(r => r.AddLink(It.Is<VethLink>(v =>
            v.Name == "csvfedcba987654" && v.PeerName == "cscfedcba987654" && v.Mtu == 1400 && v.PeerMtu == 1400)));
        _rtnl.Verify(r => r.SetMaster("csvfedcba987654", "csbr-0123456789"));
        _rtnl.Verify(r => r.SetBridgePortHairpin("csvfedcba987654", true));
        _rtnl.Verify(r => r.SetUp("csvfedcba987654"));
        Assert.NotNull(_endpoints.Find(EpId));
    }

    [Fact]
    public void CreateEndpoint_MacGivenByDaemon_NotReturned()
    {
        var network = _driver.CreateNetwork(Spec(), default);
        MacAddresses.TryParse("02:00:00:00:00:01", out var mac);

        var result = _driver.CreateEndpoint(network, new EndpointSpec(NetId, EpId, Cidr.Parse("10.90.0.5/24"), null, mac), default);

        Assert.Null(result.GeneratedMacAddress);
        _rtnl.Verify(r => r.AddLink(It.Is<VethLink>(v => v.PeerMacAddress!.Equals(mac))));
    }

    [Fact]
    public void CreateEndpoint_AttachFails_VethRemovedAndNoRecord()
    {
        var network = _driver.CreateNetwork(Spec(), default);
        _rtnl.Setup(r => r.SetMaster(It.IsAny<string>(), It.IsAny<string?>())).Throws(new NetlinkException("RTM_SETLINK", 19, null));

        Assert.Throws<CsnetException>(() =>
            _driver.CreateEndpoint(network, new EndpointSpec(NetId, EpId, Cidr.Parse("10.90.0.5/24"), null, null), default));

        _rtnl.Verify(r => r.TryDeleteLink("csvfedcba987654"));
        Assert.Null(_endpoints.Find(EpId));
    }

    [Fact]
    public void Join_Endpoint_ContainerVethPrefixAndSubnetGateway()
    {
        var network = _driver.CreateNetwork(Spec(("com.docker.network.container_iface_prefix", "en")), default);
        _driver.CreateEndpoint(network, new EndpointSpec(NetId, EpId, Cidr.Parse("10.90.0.5/24"), null, null), default);

        var join = _driver.Join(network, _endpoints.Find(EpId)!, "/var/run/docker/netns/abc");

        Assert.Equal("cscfedcba987654", join.SrcName);
        Assert.Equal("en", join.DstPrefix);
        Assert.Equal(IPAddress.Parse("10.90.0.1"), join.Gateway);
        Assert.Equal("/var/run/docker/netns/abc", _endpoints.Find(EpId)!.SandboxKey);
    }

    [Fact]
    public void DeleteNetwork_WithLeftoverEndpoint_RemovesVethBridgeRecordsAndRules()
    {
        var network = _driver.CreateNetwork(Spec(), default);
        _driver.CreateEndpoint(network, new EndpointSpec(NetId, EpId, Cidr.Parse("10.90.0.5/24"), null, null), default);

        _driver.DeleteNetwork(network);

        _rtnl.Verify(r => r.TryDeleteLink("csvfedcba987654"));
        _rtnl.Verify(r => r.TryDeleteLink("csbr-0123456789"));
        Assert.Null(_networks.Find(NetId));
        Assert.Null(_endpoints.Find(EpId));
        Assert.Empty(_applied.Last());
    }

    private EndpointRecord Endpoint(NetworkRecord network, string id, string address)
    {
        _driver.CreateEndpoint(network, new EndpointSpec(network.Id, id, Cidr.Parse(address), null, null), default);
        return _endpoints.Find(id)!;
    }

    [Fact]
    public void ProgramExternalConnectivity_Ports_StoredAndRulesSynced()
    {
        var network = _driver.CreateNetwork(Spec(), default);
        var endpoint = Endpoint(network, EpId, "10.90.0.5/24");
        var applies = _applied.Count;

        _driver.ProgramExternalConnectivity(network, endpoint, [new PortBinding(6, "", 80, 8080, 8080), new PortBinding(17, "127.0.0.1", 53, 5353, 5353)]);

        var ports = _endpoints.Find(EpId)!.Ports;
        Assert.Equal([(6, (string?)null, 8080, 80), (17, "127.0.0.1", 5353, 53)], ports.Select(p => (p.Proto, p.HostIp, p.HostPort, p.ContainerPort)));
        Assert.Equal(applies + 1, _applied.Count);
    }

    [Fact]
    public void ProgramExternalConnectivity_SameHostPortTwice_ConflictNamesPortAndHolder()
    {
        var network = _driver.CreateNetwork(Spec(), default);
        _driver.ProgramExternalConnectivity(network, Endpoint(network, EpId, "10.90.0.5/24"), [new PortBinding(6, "", 80, 8080, 8080)]);
        var second = Endpoint(network, "9" + EpId[1..], "10.90.0.6/24");

        var error = Assert.Throws<CsnetException>(() =>
            _driver.ProgramExternalConnectivity(network, second, [new PortBinding(6, "", 80, 8080, 8080)]));

        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Contains("host port 8080/tcp is already published by endpoint fedcba987654 on network 0123456789ab", error.Message);
        Assert.Empty(_endpoints.Find(second.Id)!.Ports);
    }

    [Fact]
    public void ProgramExternalConnectivity_SamePortOtherProtocolOrAddress_Allowed()
    {
        var network = _driver.CreateNetwork(Spec(), default);
        _driver.ProgramExternalConnectivity(network, Endpoint(network, EpId, "10.90.0.5/24"), [new PortBinding(6, "127.0.0.1", 80, 8080, 8080)]);
        var second = Endpoint(network, "9" + EpId[1..], "10.90.0.6/24");

        _driver.ProgramExternalConnectivity(network, second, [new PortBinding(17, "", 80, 8080, 8080), new PortBinding(6, "127.0.0.2", 80, 8080, 8080)]);

        Assert.Equal(2, _endpoints.Find(second.Id)!.Ports.Count);
    }

    [Fact]
    public void ProgramExternalConnectivity_HostPortZero_FirstFreeOfEphemeralRange()
    {
        _hostPorts.Setup(h => h.IsFree(6, null, 40000)).Returns(false);
        var network = _driver.CreateNetwork(Spec(), default);

        _driver.ProgramExternalConnectivity(network, Endpoint(network, EpId, "10.90.0.5/24"), [new PortBinding(6, "", 80, 0, 0)]);

        Assert.Equal(40001, _endpoints.Find(EpId)!.Ports.Single().HostPort);
    }

    [Fact]
    public void ProgramExternalConnectivity_RangeAllTaken_ExhaustedNamesRange()
    {
        _hostPorts.Setup(h => h.IsFree(6, null, It.IsAny<int>())).Returns(false);
        var network = _driver.CreateNetwork(Spec(), default);

        var error = Assert.Throws<CsnetException>(() =>
            _driver.ProgramExternalConnectivity(network, Endpoint(network, EpId, "10.90.0.5/24"), [new PortBinding(6, "", 80, 8000, 8002)]));

        Assert.Contains("no free host port for 80/tcp in 8000-8002", error.Message);
    }

    [Fact]
    public void ProgramExternalConnectivity_RulesFail_PortsReleased()
    {
        var network = _driver.CreateNetwork(Spec(), default);
        var endpoint = Endpoint(network, EpId, "10.90.0.5/24");
        _firewall.Setup(f => f.Apply(It.IsAny<IReadOnlyCollection<NetworkRules>>())).Throws(new NftablesException("apply", "boom"));

        Assert.Throws<CsnetException>(() => _driver.ProgramExternalConnectivity(network, endpoint, [new PortBinding(6, "", 80, 8080, 8080)]));

        Assert.Empty(_endpoints.Find(EpId)!.Ports);
    }

    [Fact]
    public void RevokeExternalConnectivity_PortsDroppedAndRulesSynced()
    {
        var network = _driver.CreateNetwork(Spec(), default);
        _driver.ProgramExternalConnectivity(network, Endpoint(network, EpId, "10.90.0.5/24"), [new PortBinding(6, "", 80, 8080, 8080)]);

        _driver.RevokeExternalConnectivity(network, _endpoints.Find(EpId)!);

        Assert.Empty(_endpoints.Find(EpId)!.Ports);
    }

    [Fact]
    public void Join_InternalNetwork_NoGatewayAndNoGatewayService()
    {
        var network = _driver.CreateNetwork(Spec() with { Internal = true }, default);

        var join = _driver.Join(network, Endpoint(network, EpId, "10.90.0.5/24"), null);

        Assert.Null(join.Gateway);
        Assert.True(join.DisableGatewayService);
    }

    [Fact]
    public void Validate_Ipv6_NotSupportedYet()
    {
        var error = Assert.Throws<CsnetException>(() => _driver.Validate(Spec() with { EnableIPv6 = true }));
        Assert.Equal(ErrorKind.NotSupported, error.Kind);
    }

    [Fact]
    public void Restore_BridgeGone_RebuiltWithGatewayAndStaleEndpointDropped()
    {
        var network = _driver.CreateNetwork(Spec(), default);
        _driver.ProgramExternalConnectivity(network, Endpoint(network, EpId, "10.90.0.5/24"), [new PortBinding(6, "", 80, 8080, 8080)]);
        _rtnl.Invocations.Clear();
        var applies = _applied.Count;

        _driver.Restore(network);

        _rtnl.Verify(r => r.AddLink(It.Is<BridgeLink>(b => b.Name == "csbr-0123456789")));
        _rtnl.Verify(r => r.AddAddress("csbr-0123456789", IPAddress.Parse("10.90.0.1"), 24));
        _rtnl.Verify(r => r.SetUp("csbr-0123456789"));
        Assert.Null(_endpoints.Find(EpId));
        Assert.True(_applied.Count > applies);
        Assert.Empty(_applied.Last().Single().Ports);
    }

    [Fact]
    public void Restore_AllPresent_TouchesNothing()
    {
        var network = _driver.CreateNetwork(Spec(), default);
        Endpoint(network, EpId, "10.90.0.5/24");
        _rtnl.Setup(r => r.TryGetLink("csbr-0123456789")).Returns(new BridgeLink { Name = "csbr-0123456789", IsUp = true });
        _rtnl.Setup(r => r.TryGetLink("csvfedcba987654")).Returns(new VethLink { Name = "csvfedcba987654" });
        _rtnl.Setup(r => r.GetAddresses("csbr-0123456789")).Returns([new InterfaceAddress(5, IPAddress.Parse("10.90.0.1"), 24)]);
        _rtnl.Invocations.Clear();

        _driver.Restore(network);

        _rtnl.Verify(r => r.AddLink(It.IsAny<Link>()), Times.Never);
        _rtnl.Verify(r => r.AddAddress(It.IsAny<string>(), It.IsAny<IPAddress>(), It.IsAny<int>()), Times.Never);
        Assert.NotNull(_endpoints.Find(EpId));
    }

    [Fact]
    public void Restore_AdoptedBridgeGone_NotRecreated()
    {
        _rtnl.Setup(r => r.TryGetLink("br-user")).Returns(new BridgeLink { Name = "br-user", Index = 7 });
        var network = _driver.CreateNetwork(Spec(("com.docker.network.bridge.name", "br-user")), default);
        _rtnl.Setup(r => r.TryGetLink("br-user")).Returns((Link?)null);
        _rtnl.Invocations.Clear();

        _driver.Restore(network);

        _rtnl.Verify(r => r.AddLink(It.IsAny<Link>()), Times.Never);
    }
}
