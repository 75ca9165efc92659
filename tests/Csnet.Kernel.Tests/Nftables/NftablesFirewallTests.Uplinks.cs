using Csnet.Tests.Shared;
using Csnet.Plugin.Kernel.Nftables;
using Xunit;

namespace Csnet.Kernel.Tests.Nftables;

/// <summary>Interfaces exempt from isolation (the host's uplinks): rendered as listed, and a change is noticed.</summary>
public partial class NftablesFirewallTests
{
    [SkippableFact]
    public void UplinksListExactlyAsRendered() => IsolatedNetns.Run(() =>
    {
        foreach (var uplinks in new[] { new[] { "br0" }, ["vmbr0", "br0", "eth0"] })
        {
            var networks = SampleRules.Exempt(uplinks, RedPublished, Blue, GreenPublished);
            SampleRules.ApplyOnce(networks);

            var listing = Run("list table inet csnet");
            Assert.Equal(TableBlock(NetworkRulesRenderer.Render(networks, [])), WithoutCounters(listing));
            Assert.Contains(uplinks.Length == 1 ? "oifname != \"br0\" meta oifkind" : "oifname != { \"br0\", \"eth0\", \"vmbr0\" } meta oifkind", listing);
        }
    });

    [SkippableFact]
    public void IsIntactNoticesChangedUplinks() => IsolatedNetns.Run(() =>
    {
        Run(DockerLikeForward);
        using var firewall = SampleRules.Firewall();
        firewall.Apply(SampleRules.Exempt(["vmbr0", "br0"], Red, Blue));
        Assert.True(firewall.IsIntact(SampleRules.Exempt(["vmbr0", "br0"], Red, Blue)));

        Assert.True(firewall.IsIntact(SampleRules.Exempt(["br0", "vmbr0", "br0"], Red, Blue)));

        Assert.False(firewall.IsIntact(SampleRules.Exempt(["br0"], Red, Blue)));
        firewall.Apply(SampleRules.Exempt(["br0"], Red, Blue));
        Assert.True(firewall.IsIntact(SampleRules.Exempt(["br0"], Red, Blue)));
        Assert.Contains("oifname != \"br0\" meta oifkind", Run("list chain inet csnet forward"));

        Assert.False(firewall.IsIntact([Red, Blue]));
        firewall.Apply([Red, Blue]);
        Assert.True(firewall.IsIntact([Red, Blue]));
        Assert.DoesNotContain("br0", Run("list chain inet csnet forward"));
    });
}
