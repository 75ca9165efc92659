using System.Net.NetworkInformation;
using Csnet.Plugin.Kernel.Netlink;
using Csnet.Plugin.Kernel.Rtnl;
using Xunit;

namespace Csnet.Kernel.Tests.Rtnl;

public sealed class LinkTests
{
    [SkippableFact]
    public void BridgeIsAddedReadBackAndDeleted()
    {
        using var netns = NetnsFixture.Create();
        var mac = PhysicalAddress.Parse("02-42-AC-11-00-01");
        netns.AddLinkOrSkip(new BridgeLink { Name = "br-test", Mtu = 1400, MacAddress = mac, Alias = "csnet:net1", IsUp = true });

        var bridge = Assert.IsType<BridgeLink>(netns.Rtnl.TryGetLink("br-test"));
        Assert.Equal(1400, bridge.Mtu);
        Assert.Equal(mac, bridge.MacAddress);
        Assert.Equal("csnet:net1", bridge.Alias);
        Assert.True(bridge.IsUp);
        Assert.True(bridge.Index > 0);
        Assert.Equal(bridge, netns.Rtnl.TryGetLink(bridge.Index));
        Assert.Contains(bridge, netns.Rtnl.GetLinks());

        Assert.True(netns.Rtnl.TryDeleteLink("br-test"));
        Assert.Null(netns.Rtnl.TryGetLink("br-test"));
        Assert.Null(netns.Rtnl.TryGetLink(bridge.Index));
        Assert.False(netns.Rtnl.TryDeleteLink("br-test"));
    }

    [SkippableFact]
    public void BridgeVlanFilteringIsSentAndReadBack()
    {
        using var netns = NetnsFixture.Create();
        netns.AddLinkOrSkip(new BridgeLink { Name = "br-vlan", VlanFiltering = true });

        var bridge = Assert.IsType<BridgeLink>(netns.Rtnl.TryGetLink("br-vlan"));
        Assert.True(bridge.VlanFiltering);
    }

    [SkippableFact]
    public void VethPairGetsMtuMasterAndAlias()
    {
        using var netns = NetnsFixture.Create();
        netns.AddLinkOrSkip(new BridgeLink { Name = "br0" });
        var bridge = netns.Rtnl.TryGetLink("br0")!;
        var peerMac = PhysicalAddress.Parse("02-00-00-00-00-02");

        netns.AddLinkOrSkip(new VethLink
        {
            Name = "veth-host",
            PeerName = "veth-ctr",
            Mtu = 1450,
            PeerMacAddress = peerMac,
            MasterIndex = bridge.Index,
            Alias = "csnet:net1/ep1",
        });

        var host = Assert.IsType<VethLink>(netns.Rtnl.TryGetLink("veth-host"));
        Assert.Equal(1450, host.Mtu);
        Assert.Equal(bridge.Index, host.MasterIndex);
        Assert.Equal("csnet:net1/ep1", host.Alias);

        var peer = Assert.IsType<VethLink>(netns.Rtnl.TryGetLink("veth-ctr"));
        Assert.Equal(1450, peer.Mtu);
        Assert.Equal(peerMac, peer.MacAddress);
        Assert.Null(peer.MasterIndex);
        Assert.Equal(peer.Index, host.PeerIndex);
        Assert.Equal(host.Index, peer.PeerIndex);

        var names = netns.Rtnl.GetLinks().Select(link => link.Name).ToList();
        Assert.Contains("veth-host", names);
        Assert.Contains("veth-ctr", names);

        Assert.True(netns.Rtnl.TryDeleteLink("veth-host"));
        Assert.Null(netns.Rtnl.TryGetLink("veth-host"));
        Assert.Null(netns.Rtnl.TryGetLink("veth-ctr"));
    }

    [SkippableFact]
    public void VethPeerGetsItsOwnMtu()
    {
        using var netns = NetnsFixture.Create();
        netns.AddLinkOrSkip(new VethLink { Name = "va", PeerName = "vb", Mtu = 1500, PeerMtu = 1300 });

        Assert.Equal(1500, netns.Rtnl.TryGetLink("va")!.Mtu);
        Assert.Equal(1300, netns.Rtnl.TryGetLink("vb")!.Mtu);
    }

    [SkippableFact]
    public void MacvlanIsCreatedOnItsParentWithTheRequestedMode()
    {
        using var netns = NetnsFixture.Create();
        netns.AddLinkOrSkip(new VethLink { Name = "parent0", PeerName = "parent1" });
        var parent = netns.Rtnl.TryGetLink("parent0")!;

        netns.AddLinkOrSkip(new MacvlanLink { Name = "mv0", ParentIndex = parent.Index, Mode = MacvlanMode.Bridge, Mtu = 1400 });

        var macvlan = Assert.IsType<MacvlanLink>(netns.Rtnl.TryGetLink("mv0"));
        Assert.Equal(parent.Index, macvlan.ParentIndex);
        Assert.Equal(MacvlanMode.Bridge, macvlan.Mode);
        Assert.Equal(1400, macvlan.Mtu);

        Assert.True(netns.Rtnl.TryDeleteLink("mv0"));
        Assert.Null(netns.Rtnl.TryGetLink("mv0"));
        Assert.NotNull(netns.Rtnl.TryGetLink("parent0"));
    }

    [SkippableTheory]
    [InlineData(MacvlanMode.Bridge)]
    [InlineData(MacvlanMode.Private)]
    [InlineData(MacvlanMode.Vepa)]
    [InlineData(MacvlanMode.Passthru)]
    public void MacvlanChildInEachModeIsCreatedUpOnAVethParentWithItsMac(MacvlanMode mode)
    {
        using var netns = NetnsFixture.Create();
        netns.AddLinkOrSkip(new VethLink { Name = "lan0", PeerName = "lan1", IsUp = true });
        var parent = netns.Rtnl.TryGetLink("lan0")!;
        var mac = PhysicalAddress.Parse("02-42-0A-29-00-05");

        netns.AddLinkOrSkip(new MacvlanLink { Name = "csm0", ParentIndex = parent.Index, Mode = mode, MacAddress = mac, IsUp = true, Alias = "csnet:net1/ep1" });

        var child = Assert.IsType<MacvlanLink>(netns.Rtnl.TryGetLink("csm0"));
        Assert.Equal((parent.Index, mode, true, "csnet:net1/ep1"), (child.ParentIndex, child.Mode, child.IsUp, child.Alias));
        // passthru takes the parent's own MAC (the kernel overrides IFLA_ADDRESS); the others keep theirs.
        Assert.Equal(mode == MacvlanMode.Passthru ? parent.MacAddress : mac, child.MacAddress);
        Assert.Equal(parent.Mtu, child.Mtu);
    }

    [SkippableFact]
    public void APassthruParentTakesNoSecondChild()
    {
        using var netns = NetnsFixture.Create();
        netns.AddLinkOrSkip(new VethLink { Name = "lan0", PeerName = "lan1" });
        var parent = netns.Rtnl.TryGetLink("lan0")!.Index;
        netns.AddLinkOrSkip(new MacvlanLink { Name = "pt0", ParentIndex = parent, Mode = MacvlanMode.Passthru });

        var error = Assert.Throws<NetlinkException>(() => netns.Rtnl.AddLink(new MacvlanLink { Name = "pt1", ParentIndex = parent, Mode = MacvlanMode.Bridge }));
        Assert.Equal(22, error.Errno);
    }

    [SkippableFact]
    public void VlanSubInterfaceIsCreatedOnItsLowerDeviceAndGoesWithIt()
    {
        using var netns = NetnsFixture.Create();
        netns.AddLinkOrSkip(new VethLink { Name = "eth9", PeerName = "eth9p" });
        var lower = netns.Rtnl.TryGetLink("eth9")!;

        // Skips here: this machine's kernel has no 802.1q (EOPNOTSUPP, "Unknown device type").
        netns.AddLinkOrSkip(new VlanLink { Name = "eth9.10", ParentIndex = lower.Index, VlanId = 10, IsUp = true, Alias = "csnet:net1" });

        var vlan = Assert.IsType<VlanLink>(netns.Rtnl.TryGetLink("eth9.10"));
        Assert.Equal((lower.Index, 10, "csnet:net1"), (vlan.ParentIndex, vlan.VlanId, vlan.Alias));
        Assert.True(netns.Rtnl.TryDeleteLink("eth9"));
        Assert.Null(netns.Rtnl.TryGetLink("eth9.10"));
    }

    [SkippableFact]
    public void SetUpMtuAndMasterChangeAnExistingLink()
    {
        using var netns = NetnsFixture.Create();
        netns.AddLinkOrSkip(new BridgeLink { Name = "br0" });
        netns.AddLinkOrSkip(new VethLink { Name = "va", PeerName = "vb" });

        netns.Rtnl.SetUp("va");
        netns.Rtnl.SetMtu("va", 1280);
        netns.Rtnl.SetMaster("va", "br0");

        var va = netns.Rtnl.TryGetLink("va")!;
        Assert.True(va.IsUp);
        Assert.Equal(1280, va.Mtu);
        Assert.Equal(netns.Rtnl.TryGetLink("br0")!.Index, va.MasterIndex);

        netns.Rtnl.SetMaster("va", null);
        Assert.Null(netns.Rtnl.TryGetLink("va")!.MasterIndex);
    }

    [SkippableFact]
    public void AddingAnExistingLinkFailsWithEexistAndTheKernelMessage()
    {
        using var netns = NetnsFixture.Create();
        netns.AddLinkOrSkip(new BridgeLink { Name = "br0" });

        var error = Assert.Throws<NetlinkException>(() => netns.Rtnl.AddLink(new BridgeLink { Name = "br0" }));
        Assert.Equal(17, error.Errno);
        Assert.Contains("br0", error.Operation);
    }

    [SkippableFact]
    public void ChangingAMissingLinkFailsWithEnodev()
    {
        using var netns = NetnsFixture.Create();

        var error = Assert.Throws<NetlinkException>(() => netns.Rtnl.SetMtu("nope0", 1400));
        Assert.Equal(19, error.Errno);
    }

    [SkippableFact]
    public void AnMtuAboveTheDeviceMaximumFailsWithTheKernelsExtendedAckMessage()
    {
        using var netns = NetnsFixture.Create();
        netns.AddLinkOrSkip(new VethLink { Name = "va", PeerName = "vb" });

        var error = Assert.Throws<NetlinkException>(() => netns.Rtnl.SetMtu("va", 70000));
        Assert.Equal(22, error.Errno);
        Assert.False(string.IsNullOrEmpty(error.KernelMessage), "NETLINK_EXT_ACK should bring the kernel's reason");
        Assert.Contains(error.KernelMessage!, error.Message);
    }

    [SkippableFact]
    public void AFreshNamespaceHasOnlyLoopback()
    {
        using var netns = NetnsFixture.Create();

        var link = Assert.Single(netns.Rtnl.GetLinks());
        Assert.Equal("lo", link.Name);
        Assert.IsType<OtherLink>(link);
    }
}
