using System.Text.RegularExpressions;
using Csnet.E2E.Tests.Harness;
using Xunit.Abstractions;

namespace Csnet.E2E.Tests.Scenarios;

/// <summary>
/// <c>docker run -p</c>: a busybox httpd published on the host, fetched from an "external host" (a
/// netns behind a veth, like the masquerade scenario), from the host itself, from loopback and from
/// another container through the host's address. Docker's bridge reaches loopback and hairpin
/// through docker-proxy; csnet through DNAT (route_localnet for 127.0.0.1).
/// </summary>
[Collection(E2ECollection.Name)]
public sealed partial class PortPublishingTests(E2EFixture fixture, ITestOutputHelper output)
{
    private const string ExternalNetns = "csnet-e2e-pub";
    private const string HostSide = "cse2e-pub-h";
    private const string NsSide = "cse2e-pub-n";
    private const string HostAddress = "10.199.1.1";

    /// <summary>Each driver its own host ports, so nothing of one variant (conntrack, TIME_WAIT) meets the other.</summary>
    private static int Port(TestScope t, int port) => port + (t.IsCsnet ? 100 : 0);

    private static void ExternalHost(TestScope t) =>
        t.CreateExternalHost(ExternalNetns, HostSide, NsSide, HostAddress + "/30", "10.199.1.2/30");

    [SkippableTheory]
    [MemberData(nameof(Drivers.All), MemberType = typeof(Drivers))]
    public void APublishedPortAnswersTheExternalHostTheHostLoopbackAndAnotherContainerAndGoesAwayWithItsContainer(string driver)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        ExternalHost(t);
        var network = t.CreateNetwork("pub", "--subnet", $"{t.Net(70)}.0/24");
        var before = HostFirewall.CsnetRuleCounts();
        var port = Port(t, 18181);
        var web = t.StartWebServer("web", network, "hello", "-p", $"{port}:80");
        var webIp = t.ContainerIp(web, network);
        var client = t.StartContainer("client", network);

        t.MustFetch(ExternalNetns, $"http://{HostAddress}:{port}/", "hello");
        t.MustFetch(null, $"http://{HostAddress}:{port}/", "hello");
        t.MustFetch(null, $"http://127.0.0.1:{port}/", "hello");
        // Hairpin: the client leaves through its gateway towards a host address and must be sent back
        // into the same bridge, to the published container.
        t.MustFetchFromContainer(client, $"http://{HostAddress}:{port}/", "hello");

        t.RemoveContainer(web);
        t.MustNotFetch(ExternalNetns, $"http://{HostAddress}:{port}/");
        if (t.IsCsnet)
        {
            var after = Wait(() => HostFirewall.CsnetRuleCounts(), c => c == before);
            t.Check(after == before,
                $"csnet rules (nft table, iptables) were {before} before the published container and are {after} after its removal\n{HostFirewall.CsnetTableText()}");
        }
        else
        {
            var left = Wait(() => HostFirewall.IptablesSaveLines().Where(l => l.Contains(webIp + ":80", StringComparison.Ordinal)).ToList(), l => l.Count == 0);
            t.Check(left.Count == 0, $"iptables rules for the removed container {webIp} are still there:\n{string.Join('\n', left)}");
        }
        t.Passed();
    }

    /// <summary>
    /// busybox's nc has no UDP mode, so the receiving end is a counter: an nft rule in the container's
    /// own network namespace (host nft through nsenter) counts datagrams arriving at port 5000.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(Drivers.All), MemberType = typeof(Drivers))]
    public void APublishedUdpPortDeliversDatagramsFromTheExternalHostToTheContainer(string driver)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        ExternalHost(t);
        var network = t.CreateNetwork("udp", "--subnet", $"{t.Net(71)}.0/24");
        var port = Port(t, 18182);
        var c = t.StartContainer("udp", network, "-p", $"{port}:5000/udp");
        var pid = t.ContainerPid(c).ToString();
        t.HostCommandWithInput(
            "table ip e2eprobe {\n chain input {\n  type filter hook input priority -300; policy accept;\n  udp dport 5000 counter\n }\n}\n",
            "nsenter", "-t", pid, "-n", "nft", "-f", "-");

        long received = 0;
        for (var i = 0; i < 3 && received == 0; i++)
        {
            t.HostCommand("ip", "netns", "exec", ExternalNetns, "bash", "-c",
                $"for i in 1 2 3; do echo ping$i > /dev/udp/{HostAddress}/{port}; sleep 0.2; done");
            Thread.Sleep(300);
            var listing = t.HostCommand("nsenter", "-t", pid, "-n", "nft", "list", "chain", "ip", "e2eprobe", "input");
            var m = Packets().Match(listing.Stdout);
            received = m.Success ? long.Parse(m.Groups[1].Value) : 0;
        }
        t.Check(received > 0, $"no datagram sent from {ExternalNetns} to {HostAddress}:{port}/udp reached port 5000 in {c}");
        t.Passed();
    }

    [GeneratedRegex(@"packets (\d+)")]
    private static partial Regex Packets();

    [SkippableTheory]
    [MemberData(nameof(Drivers.All), MemberType = typeof(Drivers))]
    public void HostPortZeroGetsAFreePortFromTheEphemeralRangeThatAnswers(string driver)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        ExternalHost(t);
        var network = t.CreateNetwork("zero", "--subnet", $"{t.Net(72)}.0/24");
        var web = t.StartWebServer("web", network, "zero", "-p", "80");
        var webIp = t.ContainerIp(web, network);

        int? port;
        if (t.IsCsnet)
        {
            // A remote driver cannot report the port it picked: docker port stays empty, the DNAT rule tells.
            port = HostFirewall.DnatHostPort(webIp, 80);
            t.Check(port is not null, $"no DNAT rule to {webIp}:80 in table inet csnet\n{HostFirewall.CsnetTableText()}");
        }
        else
        {
            var shown = t.Must("port", web, "80/tcp").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            port = int.TryParse(shown[(shown.LastIndexOf(':') + 1)..], out var p) ? p : null;
            t.Check(port is not null, $"docker port shows no host port: '{shown}'");
        }
        var (low, high) = HostFirewall.EphemeralRange();
        t.Check(port >= low && port <= high, $"host port {port} is outside the ephemeral range {low}-{high}");
        t.Log($"-p 80 got host port {port}");
        t.MustFetch(ExternalNetns, $"http://{HostAddress}:{port}/", "zero");
        t.Passed();
    }

    [SkippableTheory]
    [MemberData(nameof(Drivers.All), MemberType = typeof(Drivers))]
    public void AHostPortRangePublishesOnOnePortOfTheRange(string driver)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        ExternalHost(t);
        var network = t.CreateNetwork("range", "--subnet", $"{t.Net(73)}.0/24");
        var (first, last) = (Port(t, 18080), Port(t, 18085));
        t.StartWebServer("web", network, "ranged", "-p", $"{first}-{last}:80");

        var answering = new List<int>();
        for (var attempt = 0; attempt < 3 && answering.Count == 0; attempt++)
        {
            for (var port = first; port <= last; port++)
            {
                var r = t.Fetch(ExternalNetns, $"http://{HostAddress}:{port}/", timeoutSeconds: 2);
                if (r.Succeeded && r.Stdout.Trim() == "ranged")
                {
                    answering.Add(port);
                }
            }
            if (answering.Count == 0)
            {
                Thread.Sleep(500);
            }
        }
        t.Check(answering.Count == 1, $"-p {first}-{last}:80 should answer on exactly one port of the range; answering: [{string.Join(", ", answering)}]");
        t.Passed();
    }

    [SkippableTheory]
    [MemberData(nameof(Drivers.All), MemberType = typeof(Drivers))]
    public void APortBoundToLoopbackAnswersOn127001ButNotFromTheExternalHost(string driver)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        ExternalHost(t);
        var network = t.CreateNetwork("lo", "--subnet", $"{t.Net(74)}.0/24");
        var port = Port(t, 18183);
        t.StartWebServer("web", network, "local", "-p", $"127.0.0.1:{port}:80");

        t.MustFetch(null, $"http://127.0.0.1:{port}/", "local");
        t.MustNotFetch(ExternalNetns, $"http://{HostAddress}:{port}/");
        t.Passed();
    }

    [SkippableTheory]
    [MemberData(nameof(Drivers.All), MemberType = typeof(Drivers))]
    public void ASecondContainerAskingForAHostPortInUseFailsToStartNamingThePort(string driver)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        ExternalHost(t);
        var network = t.CreateNetwork("clash", "--subnet", $"{t.Net(75)}.0/24");
        var port = Port(t, 18184);
        t.StartWebServer("first", network, "first", "-p", $"{port}:80");

        var second = t.TryStartWebServer("second", network, "second", "-p", $"{port}:80");
        t.Check(!second.Succeeded, $"a second container got host port {port}, which is in use\n{second}");
        t.Check(second.Stderr.Contains(port.ToString(), StringComparison.Ordinal), $"the error does not name port {port}\n{second}");
        if (!t.IsCsnet)
        {
            t.Check(second.Stderr.Contains("port is already allocated", StringComparison.Ordinal), $"Docker's reference error text changed\n{second}");
        }
        // The refused start must not have taken the first container's rules with it.
        t.MustFetch(ExternalNetns, $"http://{HostAddress}:{port}/", "first");
        t.Passed();
    }

    /// <summary>Bounded poll (3 s) for rules that go away asynchronously; returns the last reading.</summary>
    internal static T Wait<T>(Func<T> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(3);
        var value = read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(200);
            value = read();
        }
        return value;
    }
}
