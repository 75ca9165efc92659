using Csnet.Plugin.Kernel.Nftables;
using Xunit;

namespace Csnet.Kernel.Tests.Nftables;

/// <summary>Uplink interfaces exempt from isolation: rendered as listed, and a change is noticed.</summary>
public partial class NftablesFirewallTests
{
    private sealed class FixedUplinks(params string[] names) : IUplinkInterfaces
    {
        public string[] Current { get; set; } = names;

        public IReadOnlyCollection<string> Names() => Current;
    }

    [SkippableFact]
    public void UplinksListExactlyAsRendered() => IsolatedNetns.Run(() =>
    {
        foreach (var uplinks in new[] { new[] { "br0" }, ["vmbr0", "br0", "eth0"] })
        {
            new NftablesFirewall(uplinks: new FixedUplinks(uplinks)).Apply([RedPublished, Blue, GreenPublished]);

            var listing = Run("list table inet csnet");
            Assert.Equal(TableBlock(NetworkRulesRenderer.Render([RedPublished, Blue, GreenPublished], [], uplinks: uplinks)), WithoutCounters(listing));
            Assert.Contains(uplinks.Length == 1 ? "oifname != \"br0\" meta oifkind" : "oifname != { \"br0\", \"eth0\", \"vmbr0\" } meta oifkind", listing);
        }
    });

    [SkippableFact]
    public void IsIntactNoticesChangedUplinks() => IsolatedNetns.Run(() =>
    {
        Run(DockerLikeForward);
        var uplinks = new FixedUplinks("vmbr0", "br0");
        var firewall = new NftablesFirewall(uplinks: uplinks);
        firewall.Apply([Red, Blue]);
        Assert.True(firewall.IsIntact([Red, Blue]));

        uplinks.Current = ["br0", "vmbr0", "br0"];
        Assert.True(firewall.IsIntact([Red, Blue]));

        uplinks.Current = ["br0"];
        Assert.False(firewall.IsIntact([Red, Blue]));
        firewall.Apply([Red, Blue]);
        Assert.True(firewall.IsIntact([Red, Blue]));
        Assert.Contains("oifname != \"br0\" meta oifkind", Run("list chain inet csnet forward"));

        uplinks.Current = [];
        Assert.False(firewall.IsIntact([Red, Blue]));
        firewall.Apply([Red, Blue]);
        Assert.True(firewall.IsIntact([Red, Blue]));
        Assert.DoesNotContain("br0", Run("list chain inet csnet forward"));
    });

    [SkippableFact]
    public void UplinkNamesNftCannotTakeAreSkipped() => IsolatedNetns.Run(() =>
    {
        var firewall = new NftablesFirewall(uplinks: new FixedUplinks("br0", "bad\"name", "wild*", Red.Bridge));

        firewall.Apply([Red]);

        Assert.Contains($"oifname != \"{Red.Bridge}\" oifname != \"br0\" meta oifkind", Run("list chain inet csnet forward"));
        Assert.True(firewall.IsIntact([Red]));
    });
}
