using System.Net;
using Csnet.Plugin.Errors;
using Csnet.Plugin.Model;
using Xunit;
using static Csnet.Plugin.Tests.Drivers.Bridge.BridgeHarness;

namespace Csnet.Plugin.Tests.Drivers.Bridge;

public sealed class BridgeDriverIPv6Tests : IDisposable
{
    private readonly BridgeHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public void CreateNetwork_DualStack_BothGatewaysOnTheBridgeAndForwardingPerFamily()
    {
        var network = _h.Create(DualStack());

        Assert.Equal(2, network.Subnets.Count);
        Assert.Contains(_h.Kernel.Addresses, a => a.Address.Equals(IPAddress.Parse("10.90.0.1")) && a.PrefixLength == 24);
        Assert.Contains(_h.Kernel.Addresses, a => a.Address.Equals(IPAddress.Parse("fd5c:90::1")) && a.PrefixLength == 64);
        Assert.Equal(["ipv6 on " + BridgeName, "accept_ra 0 on " + BridgeName, "ipv4 forwarding", "ipv6 forwarding", "route_localnet on " + BridgeName], _h.Sysctls.Writes);
        var rules = _h.LastRules;
        Assert.Equal("fd5c:90::/64", rules.IPv6!.Subnets.Single().ToString());
        Assert.True(rules.IPv6.Masquerade);
        Assert.False(rules.IPv6.GuardLoopback);
        Assert.True(rules.IPv4!.GuardLoopback);
    }

    [Fact]
    public void Join_DualStack_GatewayPerFamily()
    {
        var network = _h.Create(DualStack());

        var join = _h.Driver.Join(network, _h.Endpoint(network, v6: "fd5c:90::5/64"));

        Assert.Equal(IPAddress.Parse("10.90.0.1"), join.Gateway);
        Assert.Equal(IPAddress.Parse("fd5c:90::1"), join.GatewayIPv6);
    }

    [Fact]
    public void CreateEndpoint_DualStack_BothAddressesStored()
    {
        var network = _h.Create(DualStack());

        var endpoint = _h.Endpoint(network, v6: "fd5c:90::5/64");

        Assert.Equal(["10.90.0.5/24", "fd5c:90::5/64"], endpoint.Addresses.Select(a => a.ToString()));
    }

    [Fact]
    public void Validate_IPv6SubnetLargerThan64_RefusedWithTheReason()
    {
        var error = Assert.Throws<CsnetException>(() => _h.Driver.Validate(DualStack() with { Subnets = [V4(), V6("fd5c:90::/48", "fd5c:90::1/48")] }));

        Assert.Contains("fd5c:90::/48 is larger than /64", error.Message);
        Assert.Contains("RFC 4291", error.Message);
        Assert.Contains("fd5c:90::/64", error.Message);
    }

    [Fact]
    public void Validate_IPv6SubnetWithoutIPv6Flag_SaysAddIPv6()
    {
        var error = Assert.Throws<CsnetException>(() => _h.Driver.Validate(DualStack() with { EnableIPv6 = false }));

        Assert.Contains("needs --ipv6", error.Message);
    }

    [Fact]
    public void Validate_IPv6FlagWithoutIPv6Subnet_SaysWhichIpam()
    {
        var error = Assert.Throws<CsnetException>(() => _h.Driver.Validate(Spec() with { EnableIPv6 = true }));

        Assert.Contains("supplied no IPv6 subnet", error.Message);
    }

    [Fact]
    public void Validate_TwoIPv6Subnets_Refused()
    {
        var error = Assert.Throws<CsnetException>(() => _h.Driver.Validate(DualStack() with { Subnets = [V4(), V6(), V6("fd5c:91::/64", "fd5c:91::1/64")] }));

        Assert.Contains("one IPv4 and one IPv6 subnet", error.Message);
    }

    [Fact]
    public void CreateNetwork_DualStackRecord_RoundTripsThroughTheStore()
    {
        _h.Create(DualStack(("com.docker.network.bridge.gateway_mode_ipv6", "routed"), ("com.docker.network.host_ipv6", "fd5c:99::1")));

        var stored = _h.State.Networks.Find(NetId)!;

        Assert.True(stored.EnableIPv6);
        Assert.Equal(["10.90.0.0/24", "fd5c:90::/64"], stored.Subnets.Select(s => s.Prefix.ToString()));
        Assert.Equal([IPAddress.Parse("10.90.0.1"), IPAddress.Parse("fd5c:90::1")], stored.Subnets.Select(s => s.Gateway));
        var settings = stored.SettingsAs<Csnet.Plugin.Drivers.Bridge.BridgeSettings>();
        Assert.Equal(Csnet.Plugin.Drivers.Bridge.GatewayMode.Routed, settings.GatewayModeIPv6);
        Assert.Equal(IPAddress.Parse("fd5c:99::1"), settings.HostIPv6);
        Assert.Equal(["10.90.0.1/24", "fd5c:90::1/64"], settings.GatewaysAdded.Select(g => g.ToString()));
    }
}
