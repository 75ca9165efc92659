using Csnet.Plugin.Kernel;
using Csnet.Plugin.Kernel.Netns;
using Csnet.Plugin.Kernel.Rtnl;
using Xunit;

namespace Csnet.Kernel.Tests.Netns;

public sealed class NetworkNamespaceTests
{
    [SkippableFact]
    public void LinksInAnAnonymousNamespaceAreInvisibleToAnother()
    {
        using var first = NetnsFixture.Create();
        using var second = NetnsFixture.Create();
        first.AddLinkOrSkip(new BridgeLink { Name = "br-only1" });

        Assert.NotNull(first.Rtnl.TryGetLink("br-only1"));
        Assert.Null(second.Rtnl.TryGetLink("br-only1"));
    }

    [SkippableFact]
    public void ANamespaceOpenedByPathSharesLinksWithItsOriginal()
    {
        using var netns = NetnsFixture.Create();
        netns.AddLinkOrSkip(new BridgeLink { Name = "br-path" });

        // /proc/thread-self/ns/net, opened by a thread inside the namespace, names the same namespace.
        using var byPath = netns.Namespace.Run(() => NetworkNamespace.OpenPath("/proc/thread-self/ns/net"));
        using var rtnl = RtnlClient.Open(byPath);
        Assert.NotNull(rtnl.TryGetLink("br-path"));
    }

    [SkippableFact]
    public void AClientOpenedWithoutANamespaceUsesTheNamespaceOfTheOpeningThread()
    {
        using var netns = NetnsFixture.Create();
        netns.AddLinkOrSkip(new BridgeLink { Name = "br-here" });

        using var rtnl = netns.Namespace.Run(() => RtnlClient.Open());

        // Used from this (host-namespace) thread, the socket still talks to the namespace it was made in.
        Assert.NotNull(rtnl.TryGetLink("br-here"));
    }

    [SkippableFact]
    public void RunLeavesTheCallingThreadInItsNamespace()
    {
        using var netns = NetnsFixture.Create();
        var before = CurrentNamespaceId();

        var inside = netns.Namespace.Run(() => CurrentNamespaceId());

        Assert.NotEqual(before, inside);
        Assert.Equal(before, CurrentNamespaceId());
    }

    /// <summary>The link text of /proc/thread-self/ns/net, e.g. "net:[4026531833]", names the namespace.</summary>
    private static string? CurrentNamespaceId() => new FileInfo("/proc/thread-self/ns/net").LinkTarget;

    [Fact]
    public void OpenPath_Missing_ThrowsSystemCallException()
    {
        var error = Assert.Throws<SystemCallException>(() => NetworkNamespace.OpenPath("/nonexistent/netns/x"));
        Assert.Equal(2, error.Errno);
    }
}
