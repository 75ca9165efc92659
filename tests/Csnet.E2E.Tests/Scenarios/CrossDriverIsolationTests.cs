using Csnet.E2E.Tests.Harness;
using Xunit.Abstractions;

namespace Csnet.E2E.Tests.Scenarios;

[Collection(E2ECollection.Name)]
public sealed class CrossDriverIsolationTests(E2EFixture fixture, ITestOutputHelper output)
{
    /// <summary>
    /// One csnet network and one Docker bridge network on the same host: each driver's rules must keep
    /// the other's traffic out, in both directions. Runs once (it needs both drivers at the same time),
    /// as a csnet scenario since it skips without the plugin.
    /// </summary>
    [SkippableFact]
    public void ACsnetNetworkAndADockerBridgeNetworkCannotReachEachOtherUnlessAContainerIsOnBoth()
    {
        using var t = TestScope.Begin(fixture, output, Drivers.Csnet);
        var csnet = t.CreateNetworkWithDriver("csnet", Drivers.Csnet, "--subnet", "10.78.1.0/24");
        var bridge = t.CreateNetworkWithDriver("bridge", Drivers.Bridge, "--subnet", "10.78.0.0/24");
        var c1 = t.StartContainer("c1", csnet);
        var c2 = t.StartContainer("c2", csnet);
        var b1 = t.StartContainer("b1", bridge);
        var b2 = t.StartContainer("b2", bridge);
        var c1Ip = t.ContainerIp(c1, csnet);
        var b1Ip = t.ContainerIp(b1, bridge);

        t.MustPing(c2, c1Ip);
        t.MustPing(b2, b1Ip);
        t.MustNotPing(c1, b1Ip);
        t.MustNotPing(b1, c1Ip);

        var both = t.StartContainer("both", csnet);
        t.Must("network", "connect", bridge, both);
        t.MustPing(both, c1Ip);
        t.MustPing(both, b1Ip);
        // Being on both does not make it a router for the others.
        t.MustNotPing(c1, b1Ip);
        t.MustNotPing(b1, c1Ip);
        t.Passed();
    }
}
