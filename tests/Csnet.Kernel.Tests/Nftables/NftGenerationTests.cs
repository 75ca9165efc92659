using Csnet.Plugin.Kernel.Nftables;
using Xunit;

namespace Csnet.Kernel.Tests.Nftables;

public sealed class NftGenerationTests
{
    [SkippableFact]
    public void TheGenerationStaysWhileNothingChangesAndGrowsWithACommit() => IsolatedNetns.Run(() =>
    {
        using var generation = new NftGeneration();
        var first = generation.Read();
        Assert.Equal(first, generation.Read());

        NftablesFirewallTests.Run("add table inet csnet_generation_probe");

        Assert.True(generation.Read() > first);
    });
}
