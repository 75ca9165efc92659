using System.Net;
using System.Net.Sockets;
using Csnet.Common.Addressing;
using Csnet.Plugin.Drivers.Bridge;
using Csnet.Plugin.Drivers.Firewall;
using Csnet.Plugin.Kernel.Nftables;
using Csnet.Plugin.Model;
using Csnet.Plugin.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Xunit;

namespace Csnet.Plugin.Tests.Drivers.Bridge;

public sealed class BridgeFirewallPolicyTests : IDisposable
{
    private readonly StateFixture _state = new();
    private readonly Mock<IFirewall> _firewall = new();
    private readonly Mock<IUplinkInterfaces> _uplinks = new();
    private readonly FirewallSync _sync;

    public BridgeFirewallPolicyTests()
    {
        _uplinks.Setup(u => u.Names()).Returns(["br0", "bad\"name", "csbr1"]);
        _sync = new FirewallSync(_state.Networks, _state.Endpoints,
            [new BridgeFirewallPolicy(_uplinks.Object, NullLogger<BridgeFirewallPolicy>.Instance)], _firewall.Object, TimeProvider.System, NullLogger<FirewallSync>.Instance);
        _state.Networks.Insert(new Network
        {
            Id = "net1",
            Mode = BridgeDriver.ModeName,
            EnableIPv6 = true,
            Subnets =
            [
                new Subnet(IpPrefix.Parse("10.90.0.0/24"), IPAddress.Parse("10.90.0.1"), new Dictionary<string, IPAddress>()),
                new Subnet(IpPrefix.Parse("fd5c:90::/64"), IPAddress.Parse("fd5c:90::1"), new Dictionary<string, IPAddress>()),
            ],
            Settings = new BridgeSettings { BridgeName = "csbr1", Icc = false, HostIPv4 = IPAddress.Parse("10.199.0.1") },
        });
        _state.Endpoints.Insert(new Endpoint
        {
            Id = "ep1",
            NetworkId = "net1",
            Addresses = [CidrAddress.Parse("10.90.0.5/24"), CidrAddress.Parse("fd5c:90::5/64")],
            Ports =
            [
                new PublishedPort(IpProtocol.Tcp, AddressFamily.InterNetwork, null, 8080, 80),
                new PublishedPort(IpProtocol.Udp, AddressFamily.InterNetwork, IPAddress.Parse("127.0.0.1"), 53, 53),
                new PublishedPort(IpProtocol.Tcp, AddressFamily.InterNetworkV6, null, 8080, 80),
            ],
        });
    }

    public void Dispose() => _state.Dispose();

    private NetworkRules Rules()
    {
        var captured = new List<IReadOnlyCollection<NetworkRules>>();
        _firewall.Setup(f => f.Apply(It.IsAny<IReadOnlyCollection<NetworkRules>>())).Callback<IReadOnlyCollection<NetworkRules>>(captured.Add);
        _sync.Sync();
        return Assert.Single(captured.Single());
    }

    [Fact]
    public void RulesFor_DualStackNetwork_OneRuleSetWithAPartPerFamily()
    {
        var rules = Rules();

        Assert.Equal(("csnet:net1", "csbr1", true), (rules.Tag, rules.Interface, rules.DropBetweenPorts));
        Assert.Equal(IPAddress.Parse("10.199.0.1"), rules.IPv4!.SnatAddress);
        Assert.Equal([(6, (IPAddress?)null, 8080, "10.90.0.5", 80), (17, IPAddress.Parse("127.0.0.1"), 53, "10.90.0.5", 53)],
            rules.IPv4.Ports.Select(p => ((int)p.Protocol, p.HostIp, p.HostPort, p.ContainerIp.ToString(), p.ContainerPort)));
        Assert.Equal("fd5c:90::5", rules.IPv6!.Ports.Single().ContainerIp.ToString());
        Assert.Equal("csnet:net1/ep1", rules.IPv6.Ports.Single().Tag);
    }

    [Fact]
    public void RulesFor_Uplinks_ExemptExceptNamesNftCannotTake()
    {
        Assert.Equal(["br0", "csbr1"], Rules().IsolationExempt);
    }

    [Fact]
    public void RulesFor_OtherModes_LeftOut()
    {
        _state.Networks.Insert(new Network
        {
            Id = "net2",
            Mode = "macvlan",
            Settings = new OpaqueSettings("macvlan", new Dictionary<string, string>()),
        });

        Assert.Equal("csnet:net1", Rules().Tag);
    }

    [Fact]
    public void Heal_RulesIntact_NothingApplied()
    {
        _firewall.Setup(f => f.IsIntact(It.IsAny<IReadOnlyCollection<NetworkRules>>())).Returns(true);

        Assert.False(_sync.Heal());

        _firewall.Verify(f => f.Apply(It.IsAny<IReadOnlyCollection<NetworkRules>>()), Times.Never);
    }

    [Fact]
    public void Heal_RulesGone_ReappliesTheStoredSet()
    {
        _firewall.Setup(f => f.IsIntact(It.IsAny<IReadOnlyCollection<NetworkRules>>())).Returns(false);

        Assert.True(_sync.Heal());

        _firewall.Verify(f => f.Apply(It.Is<IReadOnlyCollection<NetworkRules>>(r => r.Count == 1)));
    }
}
