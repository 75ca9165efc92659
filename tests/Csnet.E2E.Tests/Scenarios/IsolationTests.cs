using Csnet.E2E.Tests.Harness;
using Xunit.Abstractions;

namespace Csnet.E2E.Tests.Scenarios;

[Collection(E2ECollection.Name)]
public sealed class IsolationTests(E2EFixture fixture, ITestOutputHelper output)
{
    [SkippableTheory]
    [MemberData(nameof(Drivers.All), MemberType = typeof(Drivers))]
    public void ContainersOnDifferentNetworksCannotReachEachOther(string driver)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        var netA = t.CreateNetwork("a", "--subnet", $"{t.Net(97)}.0/24");
        var netB = t.CreateNetwork("b", "--subnet", $"{t.Net(98)}.0/24");
        var a = t.StartContainer("a", netA);
        var a2 = t.StartContainer("a2", netA);
        var b = t.StartContainer("b", netB);
        var bIp = t.ContainerIp(b, netB);

        // The positive control first, so a failure below means isolation and not a dead network.
        t.MustPing(a, t.ContainerIp(a2, netA));
        t.MustNotPing(a, bIp);
        t.MustNotPing(b, t.ContainerIp(a, netA));
        t.Passed();
    }
}
