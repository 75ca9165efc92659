using System.Net;
using Csnet.Plugin.Drivers.Bridge;
using Csnet.Plugin.Kernel.Nftables;
using Csnet.Plugin.State;
using LiteDB;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Xunit;

namespace Csnet.Plugin.Tests.Drivers.Bridge;

public sealed class BridgeFirewallTests : IDisposable
{
    private readonly LiteDatabase _db = new(new MemoryStream());
    private readonly LiteNetworkStore _networks;
    private readonly LiteEndpointStore _endpoints;
    private readonly Mock<IFirewall> _firewall = new();
    private readonly BridgeFirewall _bridgeFirewall;

    public BridgeFirewallTests()
    {
        _networks = new LiteNetworkStore(_db);
        _endpoints = new LiteEndpointStore(_db);
        _bridgeFirewall = new BridgeFirewall(_networks, _endpoints, _firewall.Object, NullLogger<BridgeFirewall>.Instance);
        _networks.Add(new NetworkRecord
        {
            Id = "net1", BridgeName = "br1", Icc = false, SnatAddress = "10.199.0.1",
            Subnets = [new SubnetRecord { Pool = "10.90.0.0/24", Gateway = "10.90.0.1/24" }, new SubnetRecord { Pool = "10.91.0.0/24" }],
        });
        _endpoints.Add(new EndpointRecord
        {
            Id = "ep1", NetworkId = "net1", Address = "10.90.0.5/24",
            Ports = [new PortRecord { Proto = 6, HostPort = 8080, ContainerPort = 80 }, new PortRecord { Proto = 17, HostIp = "127.0.0.1", HostPort = 53, ContainerPort = 53 }],
        });
    }

    public void Dispose() => _db.Dispose();

    [Fact]
    public void RulesFor_PortsGoToTheSubnetHoldingTheContainer()
    {
        var rules = BridgeFirewall.RulesFor(_networks.All(), _endpoints.WithPorts()).ToList();

        Assert.Equal(2, rules.Count);
        var first = rules.Single(r => r.Subnet.Equals(IPAddress.Parse("10.90.0.0")));
        Assert.False(first.Icc);
        Assert.Equal(IPAddress.Parse("10.199.0.1"), first.SnatAddress);
        Assert.Equal([(6, (IPAddress?)null, 8080, "10.90.0.5", 80), (17, IPAddress.Parse("127.0.0.1"), 53, "10.90.0.5", 53)],
            first.Ports.Select(p => ((int)p.Protocol, p.HostIp, p.HostPort, p.ContainerIp.ToString(), p.ContainerPort)));
        Assert.Empty(rules.Single(r => r.Subnet.Equals(IPAddress.Parse("10.91.0.0"))).Ports);
    }

    [Fact]
    public void Heal_RulesIntact_NothingApplied()
    {
        _firewall.Setup(f => f.IsIntact(It.IsAny<IReadOnlyCollection<NetworkRules>>())).Returns(true);

        Assert.False(_bridgeFirewall.Heal());

        _firewall.Verify(f => f.Apply(It.IsAny<IReadOnlyCollection<NetworkRules>>()), Times.Never);
    }

    [Fact]
    public void Heal_RulesGone_ReappliesTheStoredSet()
    {
        _firewall.Setup(f => f.IsIntact(It.IsAny<IReadOnlyCollection<NetworkRules>>())).Returns(false);

        Assert.True(_bridgeFirewall.Heal());

        _firewall.Verify(f => f.Apply(It.Is<IReadOnlyCollection<NetworkRules>>(r => r.Count == 2)));
    }
}
