using Csnet.Plugin.Kernel.Rtnl;
using Xunit;

namespace Csnet.Kernel.Tests.Rtnl;

public sealed class ConcurrencyTests
{
    [SkippableFact]
    public void ManyThreadsShareOneClientWithoutMixingUpReplies()
    {
        using var netns = NetnsFixture.Create();
        netns.AddLinkOrSkip(new BridgeLink { Name = "probe" });
        Assert.True(netns.Rtnl.TryDeleteLink("probe"));

        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
        {
            for (var i = 0; i < 25; i++)
            {
                var name = $"br{worker}-{i}";
                netns.Rtnl.AddLink(new BridgeLink { Name = name, Mtu = 1000 + (worker * 25) + i });
                Assert.Equal(1000 + (worker * 25) + i, netns.Rtnl.TryGetLink(name)!.Mtu);
                _ = netns.Rtnl.GetLinks();
                if (i % 2 == 0)
                {
                    Assert.True(netns.Rtnl.TryDeleteLink(name));
                }
            }
        });

        var bridges = netns.Rtnl.GetLinks().OfType<BridgeLink>().ToList();
        Assert.Equal(8 * 12, bridges.Count);
    }

    [SkippableFact]
    public void ADumpLargerThanOneDatagramIsReadCompletely()
    {
        using var netns = NetnsFixture.Create();
        for (var i = 0; i < 150; i++)
        {
            netns.AddLinkOrSkip(new VethLink { Name = $"a{i}", PeerName = $"b{i}", Alias = $"csnet:test/{i}" });
        }

        var links = netns.Rtnl.GetLinks();

        Assert.Equal(301, links.Count);
        Assert.Equal(300, links.OfType<VethLink>().Count());
        Assert.Equal(150, links.Count(link => link.Alias?.StartsWith("csnet:test/", StringComparison.Ordinal) == true));
    }
}
