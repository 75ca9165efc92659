using System.Net;
using System.Net.Sockets;
using Csnet.Plugin.Drivers;
using Csnet.Plugin.Errors;
using Csnet.Plugin.Kernel.Nftables;
using Csnet.Plugin.Model;
using Moq;
using Xunit;
using static Csnet.Plugin.Tests.Drivers.Bridge.BridgeHarness;

namespace Csnet.Plugin.Tests.Drivers.Bridge;

public sealed class BridgeDriverPortTests : IDisposable
{
    private const string Second = "9edcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
    private readonly BridgeHarness _h = new();

    public void Dispose() => _h.Dispose();

    private static PortRequest Tcp(int port, int host, string? hostIp = null, int? hostEnd = null) =>
        new(IpProtocol.Tcp, hostIp is null ? null : IPAddress.Parse(hostIp), port, host, hostEnd ?? host);

    private static PortRequest Udp(int port, int host, string? hostIp = null) =>
        new(IpProtocol.Udp, hostIp is null ? null : IPAddress.Parse(hostIp), port, host, host);

    [Fact]
    public void ProgramExternalConnectivity_Ports_StoredAndRulesSynced()
    {
        var network = _h.Create();
        var endpoint = _h.Endpoint(network);
        var applies = _h.Applied.Count;

        _h.Driver.ProgramExternalConnectivity(network, endpoint, [Tcp(80, 8080), Udp(53, 5353, "127.0.0.1")]);

        Assert.Equal(
            [new PublishedPort(IpProtocol.Tcp, AddressFamily.InterNetwork, null, 8080, 80), new PublishedPort(IpProtocol.Udp, AddressFamily.InterNetwork, IPAddress.Parse("127.0.0.1"), 5353, 53)],
            _h.State.Endpoints.Find(EpId)!.Ports);
        Assert.Equal(applies + 1, _h.Applied.Count);
        Assert.Equal(2, _h.LastRules.IPv4!.Ports.Count);
    }

    [Fact]
    public void ProgramExternalConnectivity_SameHostPortTwice_ConflictNamesPortAndHolder()
    {
        var network = _h.Create();
        _h.Driver.ProgramExternalConnectivity(network, _h.Endpoint(network), [Tcp(80, 8080)]);
        var second = _h.Endpoint(network, Second, "10.90.0.6/24");

        var error = Assert.Throws<CsnetException>(() => _h.Driver.ProgramExternalConnectivity(network, second, [Tcp(80, 8080)]));

        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Contains("host port 8080/tcp is already published by endpoint fedcba987654 on network 0123456789ab", error.Message);
        Assert.Empty(_h.State.Endpoints.Find(Second)!.Ports);
    }

    [Fact]
    public void ProgramExternalConnectivity_SamePortOtherProtocolOrAddress_Allowed()
    {
        var network = _h.Create();
        _h.Driver.ProgramExternalConnectivity(network, _h.Endpoint(network), [Tcp(80, 8080, "127.0.0.1")]);
        var second = _h.Endpoint(network, Second, "10.90.0.6/24");

        _h.Driver.ProgramExternalConnectivity(network, second, [Udp(80, 8080), Tcp(80, 8080, "127.0.0.2")]);

        Assert.Equal(2, _h.State.Endpoints.Find(Second)!.Ports.Count);
    }

    [Fact]
    public void ProgramExternalConnectivity_HostPortZero_FirstFreeOfEphemeralRange()
    {
        _h.HostPorts.Setup(h => h.IsFree(6, AddressFamily.InterNetwork, null, 40000)).Returns(false);
        var network = _h.Create();

        _h.Driver.ProgramExternalConnectivity(network, _h.Endpoint(network), [Tcp(80, 0)]);

        Assert.Equal(40001, _h.State.Endpoints.Find(EpId)!.Ports.Single().HostPort);
    }

    [Fact]
    public void ProgramExternalConnectivity_RangeAllTaken_ExhaustedNamesRange()
    {
        _h.HostPorts.Setup(h => h.IsFree(6, AddressFamily.InterNetwork, null, It.IsAny<int>())).Returns(false);
        var network = _h.Create();

        var error = Assert.Throws<CsnetException>(() =>
            _h.Driver.ProgramExternalConnectivity(network, _h.Endpoint(network), [Tcp(80, 8000, hostEnd: 8002)]));

        Assert.Contains("no free host port for 80/tcp in 8000-8002", error.Message);
    }

    [Fact]
    public void ProgramExternalConnectivity_RulesFail_PortsReleased()
    {
        var network = _h.Create();
        var endpoint = _h.Endpoint(network);
        _h.Firewall.Setup(f => f.Apply(It.IsAny<IReadOnlyCollection<NetworkRules>>())).Throws(new NftablesException("apply", "boom"));

        Assert.Throws<CsnetException>(() => _h.Driver.ProgramExternalConnectivity(network, endpoint, [Tcp(80, 8080)]));

        Assert.Empty(_h.State.Endpoints.Find(EpId)!.Ports);
    }

    [Fact]
    public void ProgramExternalConnectivity_RulesFailOnce_UndoSyncsTheRestoredPorts()
    {
        var network = _h.Create();
        var endpoint = _h.Endpoint(network);
        var applies = 0;
        _h.Firewall.Setup(f => f.Apply(It.IsAny<IReadOnlyCollection<NetworkRules>>())).Callback<IReadOnlyCollection<NetworkRules>>(rules =>
        {
            if (++applies == 1)
                throw new NftablesException("apply", "boom");
            _h.Applied.Add(rules);
        });

        Assert.Throws<CsnetException>(() => _h.Driver.ProgramExternalConnectivity(network, endpoint, [Tcp(80, 8080)]));

        // The firewall keeps what it computed last; after the undo that must be the set without the port.
        Assert.Equal(2, applies);
        Assert.Empty(_h.LastRules.IPv4!.Ports);
    }

    [Fact]
    public void RevokeExternalConnectivity_PortsDroppedAndRulesSynced()
    {
        var network = _h.Create();
        _h.Driver.ProgramExternalConnectivity(network, _h.Endpoint(network), [Tcp(80, 8080)]);

        _h.Driver.RevokeExternalConnectivity(network, _h.State.Endpoints.Find(EpId)!);

        Assert.Empty(_h.State.Endpoints.Find(EpId)!.Ports);
        Assert.Empty(_h.LastRules.IPv4!.Ports);
    }

    [Fact]
    public void ProgramExternalConnectivity_BothFamiliesOnOnePort_EachInItsOwnFamily()
    {
        var network = _h.Create(DualStack());
        var endpoint = _h.Endpoint(network, v6: "fd5c:90::5/64");

        // What compose writes for "80:80" on a dual-stack host: two bindings of one port.
        _h.Driver.ProgramExternalConnectivity(network, endpoint, [Tcp(80, 8080, "0.0.0.0"), Tcp(80, 8080, "::")]);

        Assert.Equal(
            [new PublishedPort(IpProtocol.Tcp, AddressFamily.InterNetwork, null, 8080, 80), new PublishedPort(IpProtocol.Tcp, AddressFamily.InterNetworkV6, null, 8080, 80)],
            _h.State.Endpoints.Find(EpId)!.Ports);
        Assert.Equal(IPAddress.Parse("10.90.0.5"), _h.LastRules.IPv4!.Ports.Single().ContainerIp);
        Assert.Equal(IPAddress.Parse("fd5c:90::5"), _h.LastRules.IPv6!.Ports.Single().ContainerIp);
    }

    [Fact]
    public void ProgramExternalConnectivity_NoHostAddressOnDualStack_PublishedInBothFamilies()
    {
        var network = _h.Create(DualStack());
        var endpoint = _h.Endpoint(network, v6: "fd5c:90::5/64");

        _h.Driver.ProgramExternalConnectivity(network, endpoint, [Tcp(80, 8080)]);

        Assert.Equal([AddressFamily.InterNetwork, AddressFamily.InterNetworkV6], _h.State.Endpoints.Find(EpId)!.Ports.Select(p => p.Family));
    }

    [Fact]
    public void ProgramExternalConnectivity_IPv6HostAddressOnIPv4OnlyContainer_NotPublishedOnIPv4()
    {
        var network = _h.Create();
        var endpoint = _h.Endpoint(network);

        _h.Driver.ProgramExternalConnectivity(network, endpoint, [Tcp(80, 8080, "::")]);

        Assert.Empty(_h.State.Endpoints.Find(EpId)!.Ports);
    }

    [Fact]
    public void ProgramExternalConnectivity_IPv6Loopback_RefusedWithWhatToUse()
    {
        var network = _h.Create(DualStack());
        var endpoint = _h.Endpoint(network, v6: "fd5c:90::5/64");

        var error = Assert.Throws<CsnetException>(() => _h.Driver.ProgramExternalConnectivity(network, endpoint, [Tcp(80, 8080, "::1")]));

        Assert.Contains("publish on 127.0.0.1 or [::]", error.Message);
    }

    [Fact]
    public void ProgramExternalConnectivity_SameIPv6PortTwice_ConflictSaysIPv6()
    {
        var network = _h.Create(DualStack());
        _h.Driver.ProgramExternalConnectivity(network, _h.Endpoint(network, v6: "fd5c:90::5/64"), [Tcp(80, 8080, "::")]);
        var second = _h.Endpoint(network, Second, "10.90.0.6/24", "fd5c:90::6/64");

        var error = Assert.Throws<CsnetException>(() => _h.Driver.ProgramExternalConnectivity(network, second, [Tcp(80, 8080, "::")]));

        Assert.Contains("host port [::]:8080/tcp is already published", error.Message);
    }

    [Fact]
    public void ProgramExternalConnectivity_RoutedIPv6_NoHostPortButAnOpenContainerPort()
    {
        var network = _h.Create(DualStack(("com.docker.network.bridge.gateway_mode_ipv6", "routed")));
        var endpoint = _h.Endpoint(network, v6: "fd5c:90::5/64");

        _h.Driver.ProgramExternalConnectivity(network, endpoint, [Tcp(80, 8080)]);

        var v6 = _h.LastRules.IPv6!;
        Assert.Empty(v6.Ports);
        Assert.Equal((IPAddress.Parse("fd5c:90::5"), 80), (v6.OpenPorts.Single().ContainerIp, v6.OpenPorts.Single().ContainerPort));
        Assert.True(v6.AcceptInboundIcmp);
        Assert.False(v6.Masquerade);
        Assert.True(_h.LastRules.IPv4!.Masquerade);
        Assert.Single(_h.LastRules.IPv4.Ports);
    }
}
