using System.Net.Sockets;
using Csnet.Plugin.Composition;
using Csnet.Plugin.Kernel.Rtnl;
using Xunit;

namespace Csnet.Plugin.Tests.Composition;

public sealed class KernelEventClassifierTests
{
    private const int Uplink = 3;

    private static KernelChange Classify(RtnlEvent change) => KernelEventClassifier.Classify(change, index => index == Uplink);

    private static LinkEvent Link(int index, string? alias, bool deleted) =>
        new(new BridgeLink { Name = "csbr-0123456789", Index = index, Alias = alias }, deleted);

    [Theory]
    [InlineData(AddressFamily.InterNetwork, false)]
    [InlineData(AddressFamily.InterNetworkV6, true)]
    public void Classify_DefaultRoute_Uplinks(AddressFamily family, bool deleted) =>
        Assert.Equal(KernelChange.Uplinks, Classify(new DefaultRouteEvent(family, deleted)));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Classify_UplinkChangedOrDeleted_Uplinks(bool deleted) =>
        Assert.Equal(KernelChange.Uplinks, Classify(Link(Uplink, alias: null, deleted)));

    [Fact]
    public void Classify_NetworkBridgeDeleted_Reconcile() =>
        Assert.Equal(KernelChange.Reconcile, Classify(Link(9, "csnet:0123456789ab", deleted: true)));

    [Fact]
    public void Classify_UplinkThatIsACsnetBridgeDeleted_Both() =>
        Assert.Equal(KernelChange.Uplinks | KernelChange.Reconcile, Classify(Link(Uplink, "csnet:0123456789ab", deleted: true)));

    [Theory]
    [InlineData("csnet:0123456789ab", false)]             // a csnet bridge added or changed
    [InlineData("csnet:0123456789ab/aaaaaaaaaaaa", true)] // a container's veth: every removal deletes one
    [InlineData("someone else's", true)]
    [InlineData(null, true)]
    public void Classify_OtherLinkChange_Nothing(string? alias, bool deleted) =>
        Assert.Equal(KernelChange.None, Classify(Link(9, alias, deleted)));

    [Fact]
    public void Classify_EventsLost_Everything() =>
        Assert.Equal(KernelChange.Uplinks | KernelChange.Reconcile, Classify(new EventsLostEvent()));
}
