using Csnet.E2E.Tests.Harness;
using Xunit.Abstractions;

namespace Csnet.E2E.Tests.Scenarios;

/// <summary>The two bridge options that cut traffic: enable_icc=false (between containers) and --internal (to the outside).</summary>
[Collection(E2ECollection.Name)]
public sealed class IccAndInternalTests(E2EFixture fixture, ITestOutputHelper output)
{
    [SkippableTheory]
    [MemberData(nameof(Drivers.All), MemberType = typeof(Drivers))]
    public void WithIccOffContainersCannotPingEachOtherButReachTheGatewayTheOutsideAndEachOthersPublishedPort(string driver)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        const string netns = "csnet-e2e-icc";
        const string hostAddress = "10.199.2.1";
        t.CreateExternalHost(netns, "cse2e-icc-h", "cse2e-icc-n", hostAddress + "/30", "10.199.2.2/30");
        var net = t.Net(76);
        var network = t.CreateNetwork("noicc", "--subnet", $"{net}.0/24", "--gateway", $"{net}.1",
            "-o", "com.docker.network.bridge.enable_icc=false");
        var (portA, portB) = t.IsCsnet ? (18286, 18287) : (18186, 18187);
        var a = t.StartWebServer("a", network, "from-a", "-p", $"{portA}:80");
        var b = t.StartWebServer("b", network, "from-b", "-p", $"{portB}:80");
        var ipA = t.ContainerIp(a, network);
        var ipB = t.ContainerIp(b, network);

        // Positive controls first: a failure below is then ICC, not a dead network.
        t.MustPing(a, $"{net}.1");
        t.MustPing(b, $"{net}.1");
        t.MustPing(a, "10.199.2.2");
        t.MustPing(b, "10.199.2.2");

        t.MustNotPing(a, ipB);
        t.MustNotPing(b, ipA);

        t.MustFetchFromContainer(a, $"http://{hostAddress}:{portB}/", "from-b");
        t.MustFetchFromContainer(b, $"http://{hostAddress}:{portA}/", "from-a");
        t.Passed();
    }

    [SkippableTheory]
    [MemberData(nameof(Drivers.All), MemberType = typeof(Drivers))]
    public void OnAnInternalNetworkContainersReachEachOtherButNotTheOutsideAndHaveNoSecondInterfaceNorOnCsnetADefaultRoute(string driver)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        const string netns = "csnet-e2e-int";
        t.CreateExternalHost(netns, "cse2e-int-h", "cse2e-int-n", "10.199.3.1/30", "10.199.3.2/30");
        var network = t.CreateNetwork("internal", "--internal", "--subnet", $"{t.Net(77)}.0/24");
        var a = t.StartContainer("a", network);
        var b = t.StartContainer("b", network);

        t.MustPing(a, t.ContainerIp(b, network));
        t.MustPing(b, t.ContainerIp(a, network));
        foreach (var c in new[] { a, b })
        {
            var routes = t.Exec(c, "ip", "-4", "route");
            t.Check(routes.Succeeded, $"ip route failed in {c}\n{routes}");
            // Docker 20.10's bridge still hands out the gateway as default route on --internal networks
            // and only drops the forwarded traffic; 26.1's bridge gives none, and neither does csnet.
            var hasDefault = routes.Stdout.Contains("default", StringComparison.Ordinal);
            if (t.IsCsnet)
            {
                t.Check(!hasDefault, $"{c} on an internal csnet network has a default route\n{routes}");
            }
            else
            {
                t.Log($"bridge reference (dockerd {t.DaemonVersion}), {c} routes: {routes.Stdout.Trim().Replace('\n', ';')}");
                if (t.DaemonVersion == new Version(20, 10))
                {
                    t.Check(hasDefault, $"dockerd 20.10's bridge should give {c} on an internal network a default route\n{routes}");
                }
                else if (t.DaemonVersion == new Version(26, 1))
                {
                    t.Check(!hasDefault, $"dockerd 26.1's bridge should give {c} on an internal network no default route\n{routes}");
                }
            }
            var links = t.Exec(c, "ip", "-o", "link", "show");
            var names = links.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(':', 3)[1].Trim().Split('@')[0])
                .Order()
                .ToList();
            t.Check(links.Succeeded && names.SequenceEqual(["eth0", "lo"]),
                $"{c} should have only lo and eth0 (no docker_gwbridge attachment), has [{string.Join(", ", names)}]\n{links}");
        }
        // The external host is forwarded to; the host's own addresses are not (they answer through INPUT even for Docker's bridge).
        t.MustNotPing(a, "10.199.3.2");
        t.MustNotPing(b, "10.199.3.2");
        t.Passed();
    }
}
