using Csnet.Plugin.Kernel.Rtnl;
using Xunit;

namespace Csnet.Kernel.Tests.Rtnl;

public sealed class LinkGroupTests
{
    [SkippableFact]
    public void OneGroupDeleteRemovesEveryVethOfTheGroupAndNothingElse()
    {
        using var netns = NetnsFixture.Create();
        netns.AddLinkOrSkip(new BridgeLink { Name = "br0" });
        var bridge = netns.Rtnl.TryGetLink("br0")!;
        for (var i = 0; i < 5; i++)
        {
            netns.AddLinkOrSkip(new VethLink { Name = $"vg{i}", PeerName = $"vg{i}p", MasterIndex = bridge.Index, Group = 9 });
        }

        netns.AddLinkOrSkip(new VethLink { Name = "keep0", PeerName = "keep0p" });

        Assert.Equal(9u, netns.Rtnl.TryGetLink("vg3")!.Group);
        Assert.True(netns.Rtnl.DeleteLinkGroup(9));

        var names = netns.Rtnl.GetLinks().Select(l => l.Name).ToHashSet();
        // A veth's peer goes with it, whatever group the peer is in.
        Assert.DoesNotContain(names, n => n.StartsWith("vg", StringComparison.Ordinal));
        Assert.Contains("keep0", names);
        Assert.Contains("keep0p", names);
        Assert.Contains("br0", names);
    }

    [SkippableFact]
    public void AVethMovedIntoAGroupGoesWithItAndAnEmptyGroupDeletesNothing()
    {
        using var netns = NetnsFixture.Create();
        netns.AddLinkOrSkip(new VethLink { Name = "late0", PeerName = "late0p", IsUp = true });

        Assert.True(netns.Rtnl.TrySetLinkGroup("late0", 11));
        Assert.False(netns.Rtnl.TrySetLinkGroup("missing0", 11));
        var moved = netns.Rtnl.TryGetLink("late0")!;
        Assert.Equal(11u, moved.Group);
        Assert.True(moved.IsUp);

        Assert.False(netns.Rtnl.DeleteLinkGroup(12));
        Assert.NotNull(netns.Rtnl.TryGetLink("late0"));
        Assert.True(netns.Rtnl.DeleteLinkGroup(11));
        Assert.Null(netns.Rtnl.TryGetLink("late0"));
        Assert.Null(netns.Rtnl.TryGetLink("late0p"));
    }

    [SkippableFact]
    public void TheDefaultGroupIsRefusedBeforeAnythingIsSent()
    {
        // Group 0 holds every link; deleting it would take all interfaces of the namespace.
        using var netns = NetnsFixture.Create();
        netns.AddLinkOrSkip(new VethLink { Name = "keep0", PeerName = "keep0p" });

        Assert.Throws<ArgumentOutOfRangeException>(() => netns.Rtnl.DeleteLinkGroup(0));
        Assert.NotNull(netns.Rtnl.TryGetLink("keep0"));
    }
}
