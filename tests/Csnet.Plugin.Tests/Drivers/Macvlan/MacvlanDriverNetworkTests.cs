using System.Net;
using Csnet.Plugin.Drivers.Macvlan;
using Csnet.Plugin.Errors;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Model;
using Xunit;
using static Csnet.Plugin.Tests.Drivers.Macvlan.MacvlanHarness;

namespace Csnet.Plugin.Tests.Drivers.Macvlan;

public sealed class MacvlanDriverNetworkTests
{
    [Fact]
    public void SkipGatewayAllocation_Always_AsDockersMacvlan()
    {
        using var h = new MacvlanHarness();

        Assert.Equal((true, true), h.Driver.SkipGatewayAllocation(new Dictionary<string, string>()));
    }

    [Fact]
    public void CreateNetwork_ExistingParent_StoredAndNothingCreated()
    {
        using var h = new MacvlanHarness();

        var network = h.Create();

        var settings = network.SettingsAs<MacvlanSettings>();
        Assert.Equal((Parent, LinkOwner.Existing, MacvlanMode.Bridge, false), (settings.Parent, settings.ParentOwner, settings.MacvlanMode, network.Internal));
        Assert.Equal(Parent, settings.ProbeLink);
        Assert.DoesNotContain(h.Kernel.Calls, c => c.StartsWith("AddLink", StringComparison.Ordinal));
        Assert.NotNull(h.State.Networks.Find(NetId));
    }

    [Fact]
    public void CreateNetwork_MissingVlanParent_CreatesItOnTheLowerLinkTaggedAndUp()
    {
        using var h = new MacvlanHarness();

        var network = h.Create(Spec(("parent", "eth1.10")));

        var vlan = Assert.IsType<VlanLink>(h.Kernel.TryGetLink("eth1.10"));
        Assert.Equal((h.ParentLink.Index, 10, true, "csnet:4d4d4d4d4d4d"), (vlan.ParentIndex, vlan.VlanId, vlan.IsUp, vlan.Alias));
        var settings = network.SettingsAs<MacvlanSettings>();
        Assert.Equal((LinkOwner.Csnet, ("eth1", 10)), (settings.ParentOwner, settings.Vlan!.Value));
    }

    [Theory]
    [InlineData("eth1.0")]
    [InlineData("eth1.4095")]
    public void CreateNetwork_VlanIdOutOfRange_RefusedAndNothingMade(string parent)
    {
        using var h = new MacvlanHarness();

        var error = Assert.Throws<CsnetException>(() => h.Create(Spec(("parent", parent))));

        Assert.Contains($"VLAN id {parent[5..]} of {parent} is outside 1-4094", error.Message);
        Assert.Null(h.State.Networks.Find(NetId));
        Assert.Single(h.Kernel.LinkNames);
    }

    [Fact]
    public void CreateNetwork_VlanOfMissingLowerLink_Refused()
    {
        using var h = new MacvlanHarness();

        var error = Assert.Throws<CsnetException>(() => h.Create(Spec(("parent", "eth7.10"))));

        Assert.Contains("eth7.10 does not exist, and its lower link eth7 does not either", error.Message);
    }

    [Fact]
    public void CreateNetwork_MissingParent_SaysHowToNameOne()
    {
        using var h = new MacvlanHarness();

        var error = Assert.Throws<CsnetException>(() => h.Create(Spec(("parent", "eth7"))));

        Assert.Contains("link eth7 does not exist on this host; name an existing interface, or lower.vlan (like eth0.10)", error.Message);
    }

    [Fact]
    public void CreateNetwork_KernelWithout8021q_StepErrorAndNothingLeft()
    {
        using var h = new MacvlanHarness();
        h.Kernel.UnsupportedKinds.Add("vlan");

        var error = Assert.Throws<CsnetException>(() => h.Create(Spec(("parent", "eth1.10"))));

        Assert.Contains("CreateVlanParent", error.Message);
        Assert.Null(h.State.Networks.Find(NetId));
    }

    [Fact]
    public void CreateNetwork_CsnetBridgeAsParent_Refused()
    {
        using var h = new MacvlanHarness();
        h.Kernel.Existing(new BridgeLink { Name = "csbr-0123456789", Alias = "csnet:0123456789ab" });

        var error = Assert.Throws<CsnetException>(() => h.Create(Spec(("parent", "csbr-0123456789"))));

        Assert.Contains("csbr-0123456789 is the bridge of csnet network 0123456789ab", error.Message);
    }

    [Fact]
    public void CreateNetwork_HostBridgeAsParent_Accepted()
    {
        using var h = new MacvlanHarness();
        h.Kernel.Existing(new BridgeLink { Name = "br0", Mtu = 1500 });

        Assert.Equal("br0", h.Create(Spec(("parent", "br0"))).SettingsAs<MacvlanSettings>().Parent);
    }

    [Fact]
    public void CreateNetwork_AnotherCsnetLinkAsParent_Refused()
    {
        using var h = new MacvlanHarness();
        h.Kernel.Existing(new VethLink { Name = "csvfedcba987654", Alias = "csnet:0123456789ab/fedcba987654" });

        var error = Assert.Throws<CsnetException>(() => h.Create(Spec(("parent", "csvfedcba987654"))));

        Assert.Contains("is a link csnet made for csnet:0123456789ab/fedcba987654", error.Message);
    }

    [Fact]
    public void CreateNetwork_MtuAboveTheParents_ErrorNamesBoth()
    {
        using var h = new MacvlanHarness();

        var error = Assert.Throws<CsnetException>(() => h.Create(Spec(("com.docker.network.driver.mtu", "9000"))));

        Assert.Contains("option com.docker.network.driver.mtu: 9000 is larger than the MTU 1500 of parent eth1", error.Message);
    }

    [Fact]
    public void CreateNetwork_SmallerMtu_KeptForTheChildren()
    {
        using var h = new MacvlanHarness();

        Assert.Equal(1400, h.Create(Spec(("com.docker.network.driver.mtu", "1400"))).SettingsAs<MacvlanSettings>().Mtu);
    }

    [Fact]
    public void CreateNetwork_SecondNetworkOnAPassthruParent_Refused()
    {
        using var h = new MacvlanHarness();
        h.Create(Spec(("macvlan_mode", "passthru")));

        var error = Assert.Throws<CsnetException>(() => h.Create(Spec() with { NetworkId = OtherNetId, Subnets = [V4("10.40.2.0/24", null)] }));

        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Contains("macvlan network 4d4d4d4d4d4d already uses parent eth1 in mode passthru", error.Message);
    }

    [Fact]
    public void CreateNetwork_PassthruOnASharedParent_Refused()
    {
        using var h = new MacvlanHarness();
        h.Create();

        var error = Assert.Throws<CsnetException>(() =>
            h.Create(Spec(("macvlan_mode", "passthru")) with { NetworkId = OtherNetId, Subnets = [V4("10.40.2.0/24", null)] }));

        Assert.Contains("cannot use macvlan_mode passthru: macvlan network 4d4d4d4d4d4d already uses parent eth1", error.Message);
    }

    [Fact]
    public void CreateNetwork_OverlappingSubnetOnTheSameParent_Refused()
    {
        using var h = new MacvlanHarness();
        h.Create();

        var error = Assert.Throws<CsnetException>(() => h.Create(Spec() with { NetworkId = OtherNetId, Subnets = [V4("10.40.0.0/16", null)] }));

        Assert.Contains("subnet 10.40.0.0/16 overlaps 10.40.1.0/24 of macvlan network 4d4d4d4d4d4d on the same parent eth1", error.Message);
    }

    [Fact]
    public void CreateNetwork_TwoSubnetsOnOneParent_BothStored()
    {
        using var h = new MacvlanHarness();
        h.Create();

        h.Create(Spec() with { NetworkId = OtherNetId, Subnets = [V4("10.40.2.0/24", "10.40.2.1/24")] });

        Assert.Equal(2, h.State.Networks.All().Count);
    }

    [Fact]
    public void CreateNetwork_NoParent_PlaceholderBridgeAndInternal()
    {
        using var h = new MacvlanHarness();

        var network = h.Create(Spec(("parent", "")));

        var settings = network.SettingsAs<MacvlanSettings>();
        Assert.Equal(("csdm-4d4d4d4d4d", true, LinkOwner.Csnet, true), (settings.Parent, settings.Placeholder, settings.ParentOwner, network.Internal));
        Assert.Null(settings.ProbeLink);
        var placeholder = Assert.IsType<BridgeLink>(h.Kernel.TryGetLink("csdm-4d4d4d4d4d"));
        Assert.True(placeholder.IsUp);

        h.Driver.DeleteNetwork(network);
        Assert.Null(h.Kernel.TryGetLink("csdm-4d4d4d4d4d"));
    }

    [Fact]
    public void CreateNetwork_ProbeOff_NoProbeLink()
    {
        using var h = new MacvlanHarness();

        Assert.Null(h.Create(Spec(("csnet.probe", "false"))).SettingsAs<MacvlanSettings>().ProbeLink);
    }

    [Fact]
    public void CreateNetwork_HostShim_BridgeModeChildOfTheParentWithHostAddresses()
    {
        using var h = new MacvlanHarness();

        var network = h.Create(DualStack(("csnet.host_shim", "10.40.1.250,fd5c:40:1::fa")));

        var shim = Assert.IsType<MacvlanLink>(h.Kernel.TryGetLink(Shim));
        Assert.Equal((h.ParentLink.Index, MacvlanMode.Bridge, true, "csnet:4d4d4d4d4d4d"), (shim.ParentIndex, shim.Mode, shim.IsUp, shim.Alias));
        Assert.Equal(["10.40.1.250/32", "fd5c:40:1::fa/128"], h.Kernel.Addresses.Where(a => a.LinkIndex == shim.Index).Select(a => $"{a.Address}/{a.PrefixLength}"));
        Assert.Contains($"arp_ignore 1 on {Shim}", h.Sysctls.Writes);
        Assert.Contains($"accept_ra 0 on {Shim}", h.Sysctls.Writes);
        Assert.Equal(Shim, network.SettingsAs<MacvlanSettings>().ShimName);
    }

    [Theory]
    [InlineData("10.99.0.250", "is in no subnet of the network")]
    [InlineData("10.40.1.1", "is the gateway of 10.40.1.0/24")]
    [InlineData("10.40.1.255", "is the network or broadcast address")]
    public void CreateNetwork_BadShimAddress_Refused(string shim, string expected)
    {
        using var h = new MacvlanHarness();

        var error = Assert.Throws<CsnetException>(() => h.Create(Spec(("csnet.host_shim", shim))));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void CreateNetwork_ShimAddressFails_NothingLeftBehind()
    {
        using var h = new MacvlanHarness();
        h.Kernel.FailWhen = call => call.StartsWith($"AddAddress {Shim}", StringComparison.Ordinal);

        Assert.Throws<CsnetException>(() => h.Create(Spec(("parent", "eth1.20"), ("csnet.host_shim", "10.40.1.250"))));

        Assert.Equal([Parent], h.Kernel.LinkNames);
        Assert.Null(h.State.Networks.Find(NetId));
    }

    [Fact]
    public void DeleteNetwork_SharedCsnetVlan_StaysUntilTheLastNetworkGoes()
    {
        using var h = new MacvlanHarness();
        var first = h.Create(Spec(("parent", "eth1.10")));
        var second = h.Create(Spec(("parent", "eth1.10")) with { NetworkId = OtherNetId, Subnets = [V4("10.40.2.0/24", null)] });
        Assert.Equal(LinkOwner.Csnet, second.SettingsAs<MacvlanSettings>().ParentOwner);

        h.Driver.DeleteNetwork(first);
        Assert.NotNull(h.Kernel.TryGetLink("eth1.10"));

        h.Driver.DeleteNetwork(second);
        Assert.Null(h.Kernel.TryGetLink("eth1.10"));
        Assert.NotNull(h.Kernel.TryGetLink(Parent));
    }

    [Fact]
    public void DeleteNetwork_PreexistingVlanLink_NeverDeleted()
    {
        using var h = new MacvlanHarness();
        h.Kernel.Existing(new VlanLink { Name = "eth1.30", ParentIndex = h.ParentLink.Index, VlanId = 30, Mtu = 1500 });
        var network = h.Create(Spec(("parent", "eth1.30")));
        Assert.Equal(LinkOwner.Existing, network.SettingsAs<MacvlanSettings>().ParentOwner);

        h.Driver.DeleteNetwork(network);

        Assert.NotNull(h.Kernel.TryGetLink("eth1.30"));
    }

    [Fact]
    public void DeleteNetwork_WithShimAndEndpoint_RemovesShimChildAndRecord()
    {
        using var h = new MacvlanHarness();
        var network = h.Create(Spec(("csnet.host_shim", "10.40.1.250")));
        h.Endpoint(network);

        h.Driver.DeleteNetwork(network);

        Assert.Equal([Parent], h.Kernel.LinkNames);
        Assert.Empty(h.Kernel.Routes);
        Assert.Null(h.State.Networks.Find(NetId));
        Assert.Null(h.State.Endpoints.Find(EpId));
    }
}
