using Csnet.E2E.Tests.Harness;
using Xunit.Abstractions;

namespace Csnet.E2E.Tests.Scenarios;

[Collection(E2ECollection.Name)]
public sealed class NetworkRemovalTests(E2EFixture fixture, ITestOutputHelper output)
{
    [SkippableTheory]
    [MemberData(nameof(Drivers.All), MemberType = typeof(Drivers))]
    public void RemovingContainersAndTheNetworkLeavesNoLinksBehind(string driver)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        var network = t.CreateNetwork("rm", "--subnet", $"{t.Net(88)}.0/24");
        var c0 = t.StartContainer("c0", network);
        var c1 = t.StartContainer("c1", network);

        var during = HostLinks.Added(t.LinksBefore);
        // A bridge plus one host-side veth per container; csnet may name them as it likes.
        t.Check(during.Count >= 3, $"expected a bridge and two veths on the host while running, found: {string.Join(", ", during)}");

        t.RemoveContainer(c0);
        t.RemoveContainer(c1);
        t.RemoveNetwork(network);

        var left = t.LinksAddedSinceStart();
        t.Check(left.Count == 0, $"links left after docker network rm: {string.Join(", ", left)}");
        t.Passed();
    }
}
