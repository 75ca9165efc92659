using Csnet.Tests.Shared;
using System.Net;
using Csnet.Common.Addressing;
using System.Runtime.CompilerServices;
using Csnet.Plugin.Kernel.Nftables;
using Xunit;

namespace Csnet.Plugin.Tests.Kernel.Nftables;

/// <summary>
/// Golden files under Golden/ hold the exact script for each combination of options. They are read
/// next to this source file; run with CSNET_UPDATE_GOLDEN=1 to rewrite them, then review the diff.
/// </summary>
public class NetworkRulesRendererTests
{
    internal static readonly NetworkRules Red = SampleRules.Network(
        "3f2a9c1e8b7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170615243a", "br-3f2a9c1e8b7d", "172.30.0.0/16");

    internal static readonly NetworkRules Blue = SampleRules.Network(
        "9b8e7f6a5d4c3b2a19081726354453627180919a0b1c2d3e4f5a6b7c8d9e0f1a", "csnet-blue", "10.20.30.0/24");

    internal static readonly NetworkRules Green = SampleRules.Network(
        "5c5c5c5c5c5c1111222233334444555566667777888899990000aaaabbbbcccc", "br-green", "fd00:c5::/64");

    private static readonly HostForwardChain[] NoHostChains = [];

    [Fact]
    public void Render_NoNetworks_OnlyRemovesTable() =>
        AssertGolden("NoNetworks.nft", NetworkRulesRenderer.Render([], NoHostChains));

    [Fact]
    public void Render_OneNetworkMasquerade_MasqueradesLeavingTraffic() =>
        AssertGolden("OneNetworkMasquerade.nft", NetworkRulesRenderer.Render([Red], NoHostChains));

    [Fact]
    public void Render_OneNetworkMasqueradeOff_NoMasqueradeRule() =>
        AssertGolden("OneNetworkNoMasquerade.nft", NetworkRulesRenderer.Render([Red.WithV4(f => f with { Masquerade = false })], NoHostChains));

    [Fact]
    public void Render_TwoNetworks_IsolatesBridgesBothWays() =>
        AssertGolden("TwoNetworksIsolation.nft", NetworkRulesRenderer.Render([Red, Blue], NoHostChains));

    [Fact]
    public void Render_ThreeNetworks_IsolationUsesSetOfOtherBridges() =>
        AssertGolden("ThreeNetworksIsolation.nft", NetworkRulesRenderer.Render([Red, Blue, Green], NoHostChains));

    [Fact]
    public void Render_HostForwardChain_ReplacesCsnetRulesThere() =>
        AssertGolden("OneNetworkHostForward.nft", NetworkRulesRenderer.Render(
            [Red],
            [new HostForwardChain(NftFamily.Ip, [9, 7])]));

    [Fact]
    public void Render_NoNetworksWithHostForwardChain_RemovesCsnetRulesThere() =>
        AssertGolden("NoNetworksHostForward.nft", NetworkRulesRenderer.Render(
            [],
            [new HostForwardChain(NftFamily.Ip, [7, 9])]));

    [Fact]
    public void Render_BothHostForwardChains_OpensBothFamilies() =>
        AssertGolden("TwoNetworksHostForwardDualStack.nft", NetworkRulesRenderer.Render(
            [Red, Green],
            [new HostForwardChain(NftFamily.Ip6, []), new HostForwardChain(NftFamily.Ip, [])]));

    [Fact]
    public void Render_IccOff_DropsWithinBridge() =>
        AssertGolden("OneNetworkIccOff.nft", NetworkRulesRenderer.Render([Red with { DropBetweenPorts = true }], NoHostChains));

    [Fact]
    public void Render_InternalNextToOther_DropsAllBridgeCrossingTrafficNoMasquerade() =>
        AssertGolden("InternalAndOtherHostForward.nft", NetworkRulesRenderer.Render(
            [Red with { Sealed = true }, Blue],
            [new HostForwardChain(NftFamily.Ip, [])]));

    [Fact]
    public void Render_OneUplink_ExemptFromIsolationAsNftListsIt() =>
        AssertGolden("OneNetworkUplink.nft", NetworkRulesRenderer.Render([Red with { IsolationExempt = ["br0"] }], NoHostChains));

    [Fact]
    public void Render_Uplinks_SortedSetWithoutCsnetBridgesNotForInternal() =>
        AssertGolden("UplinksExemptFromIsolation.nft", NetworkRulesRenderer.Render(
            SampleRules.Exempt(["vmbr0", "br0", "vmbr0", Blue.Interface, Green.Interface], Red, Blue, Green with { Sealed = true }),
            [new HostForwardChain(NftFamily.Ip, [])]));

    [Fact]
    public void Render_ExemptOnlyOtherNetworksInterfaces_SameScriptAsNone() =>
        Assert.Equal(
            NetworkRulesRenderer.Render([Red, Blue], NoHostChains),
            NetworkRulesRenderer.Render(SampleRules.Exempt([Blue.Interface, Red.Interface], Red, Blue), NoHostChains));

    [Fact]
    public void Render_UplinksInAnyOrder_SameScript() =>
        Assert.Equal(
            NetworkRulesRenderer.Render([Red with { IsolationExempt = ["eth0", "br0", "vmbr0"] }], NoHostChains),
            NetworkRulesRenderer.Render([Red with { IsolationExempt = ["vmbr0", "eth0", "br0", "eth0"] }], NoHostChains));

    [Fact]
    public void ExpectedRules_SameWithUplinks()
    {
        var networks = SampleRules.Exempt(["br0"], Red, Blue);
        var script = NetworkRulesRenderer.Render(networks, NoHostChains);

        Assert.Equal(
            script.Split('\n').Count(line => line.Contains(" comment \"csnet:", StringComparison.Ordinal)),
            NetworkRulesRenderer.ExpectedRules(networks, []).Count);
    }

    [Theory]
    [InlineData("br0\"; flush ruleset")]
    [InlineData("br*")]
    [InlineData("")]
    [InlineData("sixteen-chars-xx")]
    public void Render_BadUplinkName_Throws(string uplink)
    {
        var e = Assert.Throws<ArgumentException>(() => NetworkRulesRenderer.Render([Red with { IsolationExempt = ["br0", uplink] }], NoHostChains));

        Assert.Contains("exempt interface", e.Message);
    }

    internal static readonly PortMapping Web = new()
    {
        Protocol = PortMapping.Tcp,
        HostPort = 8080,
        ContainerIp = IPAddress.Parse("172.30.0.2"),
        ContainerPort = 80,
        Tag = "csnet:3f2a9c1e8b7d/e1e1e1e1e1e1",
    };

    internal static readonly PortMapping Dns = new()
    {
        Protocol = PortMapping.Udp,
        HostIp = IPAddress.Parse("192.168.1.10"),
        HostPort = 53,
        ContainerIp = IPAddress.Parse("172.30.0.3"),
        ContainerPort = 5353,
        Tag = "csnet:3f2a9c1e8b7d/d2d2d2d2d2d2",
    };

    [Fact]
    public void Render_TcpMappingAnyAddress_DnatsLocalAddressesFromOutsideAndHost() =>
        AssertGolden("OneMappingTcp.nft", NetworkRulesRenderer.Render([Red.WithV4(f => f with { Ports = [Web] })], NoHostChains));

    [Fact]
    public void Render_UdpMappingOnHostIp_MatchesThatAddressOnly() =>
        AssertGolden("UdpMappingHostIp.nft", NetworkRulesRenderer.Render([Red.WithV4(f => f with { Ports = [Dns, Web] })], NoHostChains));

    [Fact]
    public void Render_LoopbackMapping_OnlyInOutputChain() =>
        AssertGolden("LoopbackMapping.nft", NetworkRulesRenderer.Render(
            [Red.WithV4(f => f with { Ports = [Web with { HostIp = IPAddress.Loopback }] })], NoHostChains));

    [Fact]
    public void Render_IccOffWithMapping_LetsDnatThrough() =>
        AssertGolden("IccOffWithMapping.nft", NetworkRulesRenderer.Render(
            [Red.WithV4(f => f with { Ports = [Web] }) with { DropBetweenPorts = true }], [new HostForwardChain(NftFamily.Ip, [])]));

    [Fact]
    public void Render_SnatAddress_SnatsInsteadOfMasquerade() =>
        AssertGolden("SnatAddress.nft", NetworkRulesRenderer.Render(
            [Red.WithV4(f => f with { SnatAddress = IPAddress.Parse("192.168.1.10") })], NoHostChains));

    [Fact]
    public void Render_Ipv6Mapping_UsesIp6Dnat()
    {
        var mapping = Web with { ContainerIp = IPAddress.Parse("fd00:c5::2"), HostIp = IPAddress.Parse("2001:db8::1"), Tag = "csnet:5c5c5c5c5c5c/e1e1e1e1e1e1" };

        var script = NetworkRulesRenderer.Render([Green with { IPv6 = Green.IPv6! with { Ports = [mapping] } }], NoHostChains);

        Assert.Contains("ip6 daddr 2001:db8::1 tcp dport 8080 counter dnat ip6 to [fd00:c5::2]:80 comment \"csnet:5c5c5c5c5c5c/e1e1e1e1e1e1\"\n", script);
        Assert.DoesNotContain("127.0.0.0/8", script);
    }

    [Fact]
    public void Render_InternalNetworkWithMapping_NoNat()
    {
        var script = NetworkRulesRenderer.Render([Red.WithV4(f => f with { Ports = [Web] }) with { Sealed = true }], NoHostChains);

        Assert.DoesNotContain("dnat", script);
        Assert.DoesNotContain("masquerade", script);
    }

    [Fact]
    public void Render_MappingsInAnyOrder_SameScript() =>
        Assert.Equal(
            NetworkRulesRenderer.Render([Red.WithV4(f => f with { Ports = [Web, Dns] })], NoHostChains),
            NetworkRulesRenderer.Render([Red.WithV4(f => f with { Ports = [Dns, Web] })], NoHostChains));

    [Fact]
    public void Render_SamePortTwiceOnAnyAddress_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => NetworkRulesRenderer.Render(
            [Red.WithV4(f => f with { Ports = [Web] }), Blue.WithV4(f => f with { Ports = [Web with { ContainerIp = IPAddress.Parse("10.20.30.2"), Tag = "csnet:other" }] })],
            NoHostChains));

        Assert.Contains("tcp/8080", e.Message);
    }

    [Fact]
    public void Render_SamePortOnTwoHostIps_Renders() =>
        NetworkRulesRenderer.Render(
            [Red.WithV4(f => f with { Ports = [Web with { HostIp = IPAddress.Loopback }, Web with { HostIp = IPAddress.Parse("192.168.1.10"), Tag = "csnet:other" }] })],
            NoHostChains);

    [Theory]
    [InlineData(1, 80, 80)]
    [InlineData(6, 0, 80)]
    [InlineData(6, 80, 65536)]
    public void Render_BadMapping_ThrowsNamingEndpoint(int protocol, int hostPort, int containerPort)
    {
        var mapping = Web with { Protocol = (byte)protocol, HostPort = hostPort, ContainerPort = containerPort };

        var e = Assert.Throws<ArgumentException>(() => NetworkRulesRenderer.Render([Red.WithV4(f => f with { Ports = [mapping] })], NoHostChains));

        Assert.Contains(Web.Tag, e.Message);
    }

    [Fact]
    public void Render_MappingOfOtherFamily_Throws() =>
        Assert.Throws<ArgumentException>(() => NetworkRulesRenderer.Render(
            [Red.WithV4(f => f with { Ports = [Web with { ContainerIp = IPAddress.Parse("fd00::2") }] })], NoHostChains));

    [Fact]
    public void Render_SnatAddressOfOtherFamily_Throws() =>
        Assert.Throws<ArgumentException>(() => NetworkRulesRenderer.Render(
            [Red.WithV4(f => f with { SnatAddress = IPAddress.Parse("fd00::1") })], NoHostChains));

    [Fact]
    public void ExpectedRules_CountsEveryRenderedRule()
    {
        var networks = new[] { Red.WithV4(f => f with { Ports = [Web, Dns] }) with { DropBetweenPorts = true }, Blue, Green with { Sealed = true } };
        var script = NetworkRulesRenderer.Render(networks, [new HostForwardChain(NftFamily.Ip, []), new HostForwardChain(NftFamily.Ip6, [])]);

        var expected = NetworkRulesRenderer.ExpectedRules(networks, [NftFamily.Ip6, NftFamily.Ip]);

        Assert.Equal(script.Split('\n').Count(line => line.Contains(" comment \"csnet:", StringComparison.Ordinal)), expected.Count);
        Assert.Equal(12, expected.Count(k => k.Table == "filter"));
        Assert.Equal(expected.Order().ToList(), expected);
        Assert.Equal(2, expected.Count(k => k.Comment == "csnet:3f2a9c1e8b7d/e1e1e1e1e1e1"));
    }

    [Fact]
    public void Render_NetworksInAnyOrder_SameScript() =>
        Assert.Equal(
            NetworkRulesRenderer.Render([Red, Blue, Green], NoHostChains),
            NetworkRulesRenderer.Render([Green, Red, Blue], NoHostChains));

    [Fact]
    public void Render_SubnetWithHostBits_RendersNetworkAddress()
    {
        var script = NetworkRulesRenderer.Render([Red.WithV4(f => f with { Subnets = [IpPrefix.Parse("172.30.5.1/20")] })], NoHostChains);

        Assert.Contains("ip saddr 172.30.0.0/20 ", script);
    }

    [Fact]
    public void Render_CustomTable_UsesIt()
    {
        var script = NetworkRulesRenderer.Render([Red], NoHostChains, "csnet_test");

        Assert.StartsWith("add table inet csnet_test\ndelete table inet csnet_test\ntable inet csnet_test {\n", script);
    }

    [Theory]
    [InlineData("br\"; flush ruleset")]
    [InlineData("br-*")]
    [InlineData("br 0")]
    [InlineData("")]
    [InlineData("sixteen-chars-xx")]
    public void Render_BadBridgeName_ThrowsNamingNetwork(string bridge)
    {
        var e = Assert.Throws<ArgumentException>(() => NetworkRulesRenderer.Render([Red with { Interface = bridge }], NoHostChains));

        Assert.Contains(Red.Tag, e.Message);
    }

    [Fact]
    public void Render_TagWithQuote_Throws() =>
        Assert.Throws<ArgumentException>(() => NetworkRulesRenderer.Render([Red with { Tag = "csnet:abc\"def" }], NoHostChains));

    [Fact]
    public void Render_SubnetOfTheOtherFamily_Throws() =>
        Assert.Throws<ArgumentException>(() => NetworkRulesRenderer.Render([Red.WithV4(f => f with { Subnets = [IpPrefix.Parse("fd00::/64")] })], NoHostChains));

    [Fact]
    public void Render_TwoNetworksOneBridge_Throws() =>
        Assert.Throws<ArgumentException>(() => NetworkRulesRenderer.Render([Red, Blue with { Interface = Red.Interface }], NoHostChains));

    [Fact]
    public void Render_SameTag_Throws() =>
        Assert.Throws<ArgumentException>(() => NetworkRulesRenderer.Render([Red, Blue with { Tag = Red.Tag }], NoHostChains));

    internal static readonly NetworkRules Duo = SampleRules.Network(
        "d0d0d0d0d0d01111222233334444555566667777888899990000aaaabbbbcccc", "br-duo", "172.31.0.0/24", "fd00:d0::/64");

    private static readonly PortMapping Web6 = new()
    {
        Protocol = PortMapping.Tcp,
        HostPort = 8080,
        ContainerIp = IPAddress.Parse("fd00:d0::2"),
        ContainerPort = 80,
        Tag = "csnet:d0d0d0d0d0d0/e1e1e1e1e1e1",
    };

    private static readonly PortMapping Web4 = Web6 with { ContainerIp = IPAddress.Parse("172.31.0.2") };

    [Fact]
    public void Render_DualStack_OneRuleSetWithMasqueradePerFamily() =>
        AssertGolden("DualStackMasquerade.nft", NetworkRulesRenderer.Render([Duo], [new HostForwardChain(NftFamily.Ip, []), new HostForwardChain(NftFamily.Ip6, [])]));

    [Fact]
    public void Render_DualStackPorts_DnatEachFamilyToItsOwnAddress() =>
        AssertGolden("DualStackPorts.nft", NetworkRulesRenderer.Render(
            [Duo with { IPv4 = Duo.IPv4! with { Ports = [Web4] }, IPv6 = Duo.IPv6! with { Ports = [Web6, Web6 with { HostIp = IPAddress.Parse("fd00:99::1"), HostPort = 8443, ContainerPort = 443 }] } }],
            []));

    [Fact]
    public void Render_RoutedIPv6_OpensPortsAndIcmpWithoutNat() =>
        AssertGolden("RoutedIPv6.nft", NetworkRulesRenderer.Render(
            [Duo with
            {
                DropBetweenPorts = true,
                IPv6 = Duo.IPv6! with
                {
                    Masquerade = false,
                    OpenPorts = [new OpenPort { Protocol = PortMapping.Tcp, ContainerIp = Web6.ContainerIp, ContainerPort = 80, Tag = Web6.Tag }],
                    AcceptInboundIcmp = true,
                },
            }],
            []));

    [Fact]
    public void Render_DualStackInternal_SealedWithoutFamilyRules() =>
        AssertGolden("DualStackInternal.nft", NetworkRulesRenderer.Render([Duo with { Sealed = true, DropBetweenPorts = true }], [new HostForwardChain(NftFamily.Ip6, [])]));

    [Fact]
    public void Render_IPv6LoopbackMapping_Throws() =>
        Assert.Throws<ArgumentException>(() => NetworkRulesRenderer.Render([Duo with { IPv6 = Duo.IPv6! with { Ports = [Web6 with { HostIp = IPAddress.IPv6Loopback }] } }], []));

    [Fact]
    public void Render_SameHostPortInBothFamilies_NoClash() =>
        NetworkRulesRenderer.Render([Duo with { IPv4 = Duo.IPv4! with { Ports = [Web4] }, IPv6 = Duo.IPv6! with { Ports = [Web6] } }], []);

    internal static string GoldenPath(string name, [CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "Golden", name);

    private static void AssertGolden(string name, string actual)
    {
        var path = GoldenPath(name);
        if (Environment.GetEnvironmentVariable("CSNET_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
        }
        Assert.True(File.Exists(path), $"golden file {path} is missing; run with CSNET_UPDATE_GOLDEN=1 to create it");
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
