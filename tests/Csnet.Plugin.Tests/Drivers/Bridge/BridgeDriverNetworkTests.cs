using System.Net;
using Csnet.Plugin.Drivers.Bridge;
using Csnet.Plugin.Errors;
using Csnet.Plugin.Kernel.Nftables;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Model;
using Moq;
using Xunit;
using static Csnet.Plugin.Tests.Drivers.Bridge.BridgeHarness;

namespace Csnet.Plugin.Tests.Drivers.Bridge;

public sealed class BridgeDriverNetworkTests : IDisposable
{
    private readonly BridgeHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public void CreateNetwork_NoBridgeYet_CreatesBridgeGatewayRulesAndRecord()
    {
        var network = _h.Create(Spec(("com.docker.network.driver.mtu", "1400")));

        var settings = network.SettingsAs<BridgeSettings>();
        Assert.Equal(BridgeName, settings.BridgeName);
        Assert.Equal(LinkOwner.Csnet, settings.BridgeOwner);
        var bridge = Assert.IsType<BridgeLink>(_h.Kernel.TryGetLink(BridgeName));
        Assert.Equal((1400, "csnet:0123456789ab", true), (bridge.Mtu, bridge.Alias, bridge.IsUp));
        Assert.Contains(_h.Kernel.Addresses, a => a.Address.Equals(IPAddress.Parse("10.90.0.1")) && a.PrefixLength == 24);
        var rules = _h.LastRules;
        Assert.Equal("10.90.0.0/24", rules.IPv4!.Subnets.Single().ToString());
        Assert.True(rules.IPv4.Masquerade);
        Assert.Null(rules.IPv6);
        Assert.Equal(1, _h.State.Networks.Find(NetId)!.Revision);
    }

    [Fact]
    public void CreateNetwork_FirewallFails_UndoesBridgeAndRecord()
    {
        _h.Firewall.SetupSequence(f => f.Apply(It.IsAny<IReadOnlyCollection<NetworkRules>>()))
            .Throws(new NftablesException("apply", "no nf_tables"))
            .Pass();

        var error = Assert.Throws<CsnetException>(() => _h.Create());

        Assert.Equal(ErrorKind.Kernel, error.Kind);
        Assert.Contains("InstallRules", error.Message);
        Assert.Null(_h.Kernel.TryGetLink(BridgeName));
        Assert.Empty(_h.Kernel.Addresses);
        Assert.Null(_h.State.Networks.Find(NetId));
    }

    [Fact]
    public void CreateNetwork_BridgeAddFails_NothingStored()
    {
        _h.Kernel.FailWhen = call => call.StartsWith("AddLink bridge", StringComparison.Ordinal);

        var error = Assert.Throws<CsnetException>(() => _h.Create());

        Assert.Contains("CreateBridge", error.Message);
        Assert.Null(_h.State.Networks.Find(NetId));
        _h.Firewall.Verify(f => f.Apply(It.IsAny<IReadOnlyCollection<NetworkRules>>()), Times.Never);
    }

    [Fact]
    public void CreateNetwork_ExistingBridge_AdoptedAndLeftInPlaceOnDelete()
    {
        _h.Kernel.Existing(new BridgeLink { Name = "br-user" });

        var network = _h.Create(Spec(("com.docker.network.bridge.name", "br-user")));
        _h.Driver.DeleteNetwork(network);

        Assert.Equal(LinkOwner.Existing, network.SettingsAs<BridgeSettings>().BridgeOwner);
        Assert.DoesNotContain("AddLink bridge br-user", _h.Kernel.Calls);
        Assert.NotNull(_h.Kernel.TryGetLink("br-user"));
        Assert.Empty(_h.Kernel.Addresses);
        Assert.Empty(_h.Applied.Last());
    }

    [Fact]
    public void DeleteNetwork_AdoptedBridgeLostItsGateway_StillRemovesTheRecord()
    {
        _h.Kernel.Existing(new BridgeLink { Name = "br-user" });
        var network = _h.Create(Spec(("com.docker.network.bridge.name", "br-user")));
        _h.Kernel.TryDeleteAddress("br-user", IPAddress.Parse("10.90.0.1"), 24);

        _h.Driver.DeleteNetwork(network);

        Assert.Null(_h.State.Networks.Find(NetId));
    }

    [Fact]
    public void CreateNetwork_NameTakenByAnotherKind_NamesTheKind()
    {
        _h.Kernel.Existing(new OtherLink("device") { Name = "eth0" });

        var error = Assert.Throws<CsnetException>(() => _h.Create(Spec(("com.docker.network.bridge.name", "eth0"))));

        Assert.Contains("link eth0 exists and is a device, not a bridge", error.Message);
    }

    [Fact]
    public void CreateNetwork_BridgeNameUsedByOtherNetwork_Conflict()
    {
        _h.Create(Spec(("com.docker.network.bridge.name", "br-a")));
        var other = Spec(("com.docker.network.bridge.name", "br-a")) with { NetworkId = "ffff" + NetId[4..] };

        var error = Assert.Throws<CsnetException>(() => _h.Create(other));

        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Contains("already used by network 0123456789ab", error.Message);
    }

    [Fact]
    public void Validate_TwoIPv4Subnets_RefusedAsDockersBridgeDoes()
    {
        var spec = Spec() with { Subnets = [V4(), V4("10.91.0.0/24", "10.91.0.1/24")] };

        var error = Assert.Throws<CsnetException>(() => _h.Driver.Validate(spec));

        Assert.Contains("bridge driver doesn't support multiple subnets", error.Message);
        Assert.Contains("10.90.0.0/24, 10.91.0.0/24", error.Message);
    }

    [Fact]
    public void CreateNetwork_TwoIPv4Subnets_NothingMade()
    {
        Assert.Throws<CsnetException>(() => _h.Create(Spec() with { Subnets = [V4(), V4("10.91.0.0/24", "10.91.0.1/24")] }));

        Assert.Empty(_h.Kernel.Calls);
        Assert.Null(_h.State.Networks.Find(NetId));
    }

    [Fact]
    public void Validate_UnknownOption_NamesIt()
    {
        var error = Assert.Throws<CsnetException>(() => _h.Driver.Validate(Spec(("com.docker.network.bridge.teleport", "yes"))));

        Assert.Contains("unknown option com.docker.network.bridge.teleport", error.Message);
    }

    [Fact]
    public void Validate_NoIPv4Subnet_SaysWhichIpamToUse()
    {
        var error = Assert.Throws<CsnetException>(() => _h.Driver.Validate(Spec() with { Subnets = [] }));

        Assert.Contains("no IPv4 subnet", error.Message);
    }

    [Fact]
    public void CreateNetwork_Internal_SealedRules()
    {
        _h.Create(Spec() with { Internal = true });

        Assert.True(_h.LastRules.Sealed);
        Assert.DoesNotContain("route_localnet on " + BridgeName, _h.Sysctls.Writes);
    }

    [Fact]
    public void CreateNetwork_IccOffAndSnat_PolicyInTheRules()
    {
        _h.Create(Spec(("com.docker.network.bridge.enable_icc", "false"), ("com.docker.network.host_ipv4", "10.199.0.1")));

        Assert.True(_h.LastRules.DropBetweenPorts);
        Assert.Equal(IPAddress.Parse("10.199.0.1"), _h.LastRules.IPv4!.SnatAddress);
    }

    [Fact]
    public void Validate_WholeAddressSpace_RefusedSayingWhy()
    {
        var error = Assert.Throws<CsnetException>(() => _h.Driver.Validate(Spec() with { Subnets = [V4("0.0.0.0/0", null)] }));

        Assert.Contains("whole address space", error.Message);
    }

    [Theory]
    [InlineData("docker0")]
    [InlineData("br-0123456789ab")]
    public void CreateNetwork_DockersOwnBridgeName_Refused(string name)
    {
        _h.Kernel.Existing(new BridgeLink { Name = name });

        var error = Assert.Throws<CsnetException>(() => _h.Create(Spec(("com.docker.network.bridge.name", name))));

        Assert.Contains("named like Docker's own bridges", error.Message);
        Assert.Null(_h.State.Networks.Find(NetId));
    }

    [Fact]
    public void CreateNetwork_AdoptedBridgeSettings_PutBackWhenTheNetworkGoes()
    {
        _h.Kernel.Existing(new BridgeLink { Name = "br-user" });
        var network = _h.Create(Spec(("com.docker.network.bridge.name", "br-user")));

        _h.Driver.DeleteNetwork(network);

        Assert.Contains("route_localnet on br-user", _h.Sysctls.Writes);
        Assert.Equal("restore br-user: ipv4/route_localnet=0", _h.Sysctls.Writes.Last());
    }

    [Fact]
    public async Task CreateNetwork_TwoNetworksRaceForOneBridgeName_OneWins()
    {
        var other = Spec(("com.docker.network.bridge.name", "br-race")) with { NetworkId = "ffff" + NetId[4..] };
        var gate = new ManualResetEventSlim();
        _h.Kernel.FailWhen = call =>
        {
            // Hold the first creation inside its kernel work while the second one checks the name.
            if (call == "AddLink bridge br-race")
                gate.Wait(TimeSpan.FromSeconds(5));
            return false;
        };

        var first = Task.Run(() => _h.Create(Spec(("com.docker.network.bridge.name", "br-race"))));
        await Task.Delay(200);
        var error = Assert.Throws<CsnetException>(() => _h.Create(other));
        gate.Set();
        await first;

        Assert.Contains("is being set up for network 0123456789ab right now", error.Message);
        Assert.Single(_h.State.Networks.All());
    }
}
