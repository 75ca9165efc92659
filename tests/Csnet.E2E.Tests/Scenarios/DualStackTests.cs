using System.Net;
using Csnet.E2E.Tests.Harness;
using Xunit.Abstractions;

namespace Csnet.E2E.Tests.Scenarios;

/// <summary>
/// IPv6 dual-stack networks (<c>--ipv6</c>, an IPv4 and an IPv6 <c>--subnet</c>), each scenario on
/// Docker's own bridge too. Subnets are /64s of fd5c:e2e::/32, a test-only ULA range; the "outside"
/// is a netns behind a veth with fd5c:e2e:ff::/64.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class DualStackTests(E2EFixture fixture, ITestOutputHelper output)
{
    private const string ExternalNetns = "csnet-e2e-v6";
    private const string HostSide = "cse2e-v6-h";
    private const string NsSide = "cse2e-v6-n";
    private const string HostAddress = "10.199.6.1";
    private const string HostAddress6 = "fd5c:e2e:ff::1";

    private static int Port(TestScope t, int port) => port + (t.IsCsnet ? 100 : 0);

    private static void ExternalHost(TestScope t)
    {
        t.CreateExternalHost(ExternalNetns, HostSide, NsSide, HostAddress + "/30", "10.199.6.2/30");
        t.AddExternalIPv6(ExternalNetns, HostSide, NsSide, HostAddress6 + "/64", "fd5c:e2e:ff::2/64");
    }

    private static string DualStack(TestScope t, int octet, params string[] options) =>
        t.CreateNetwork("ds", ["--ipv6", "--subnet", $"{t.Net(octet)}.0/24", "--subnet", $"{t.Net6(octet)}::/64", .. options]);

    [SkippableTheory]
    [MemberData(nameof(Drivers.All), MemberType = typeof(Drivers))]
    public void ContainersPing6ByAddressAndByNameThroughTheirIPv6Gateway(string driver)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        var v6 = t.Net6(60);
        var network = DualStack(t, 60);
        var a = t.StartContainer("a", network);
        var b = t.StartContainer("b", network, "--ip6", $"{v6}::77");

        // Compared as parsed addresses: daemons print them canonical ("fd5c:e2e:60::77").
        var fixedAddress = IPAddress.Parse($"{v6}::77");
        var gateway = IPAddress.Parse($"{v6}::1");
        var subnet6 = IPNetwork.Parse($"{v6}::/64");
        var subnets = t.NetworkSubnets(network).Select(IPNetwork.Parse).ToList();
        t.Check(subnets.Contains(IPNetwork.Parse($"{t.Net(60)}.0/24")) && subnets.Contains(subnet6), $"docker network inspect shows subnets {string.Join(", ", subnets)}");
        t.Check(IPAddress.Parse(t.ContainerIp6(b, network)).Equals(fixedAddress), $"docker inspect shows IPv6 {t.ContainerIp6(b, network)} for --ip6 {fixedAddress}");
        t.Check(t.Eth0Address6(b).Equals(fixedAddress), $"eth0 of {b} has {t.Eth0Address6(b)}, not {fixedAddress}");
        var addressA = t.Eth0Address6(a);
        t.Check(subnet6.Contains(addressA), $"eth0 of {a} has {addressA}, outside {subnet6}");
        t.Check(IPAddress.Parse(t.ContainerIp6(a, network)).Equals(addressA), $"docker inspect and eth0 disagree on {a}'s IPv6 address");
        var route = t.DefaultRoute6(a);
        t.Check(route.StartsWith($"default via {gateway} ", StringComparison.Ordinal), $"IPv6 default route of {a} is '{route}', not via {gateway}");

        t.MustPing6(a, fixedAddress.ToString());
        t.MustPing6(a, b);
        t.MustPing6(b, gateway.ToString());
        t.Passed();
    }

    [SkippableTheory]
    [MemberData(nameof(Drivers.All), MemberType = typeof(Drivers))]
    public void AnIPv6PublishedPortAnswersTheOutsideOverIPv6(string driver)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        ExternalHost(t);
        var network = DualStack(t, 61);
        var port = Port(t, 18600);
        t.StartWebServer("web", network, "hello6", "-p", $"[::]:{port}:80");

        t.MustFetch(ExternalNetns, $"http://[{HostAddress6}]:{port}/", "hello6");
        if (t.IsCsnet)
        {
            // A binding of [::] is an IPv6 binding. Docker's docker-proxy listens on a dual-stack
            // socket on 20.10, so its bridge also answers IPv4 here; csnet publishes what was asked.
            t.MustNotFetch(ExternalNetns, $"http://{HostAddress}:{port}/");
        }
        t.Passed();
    }

    [SkippableTheory]
    [MemberData(nameof(Drivers.All), MemberType = typeof(Drivers))]
    public void OnePortPublishedInBothFamiliesAnswersBoth(string driver)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        ExternalHost(t);
        var network = DualStack(t, 62);
        var port = Port(t, 18610);

        // What compose writes for "P:80" on a dual-stack host.
        t.StartWebServer("web", network, "both", "-p", $"0.0.0.0:{port}:80", "-p", $"[::]:{port}:80");

        t.MustFetch(ExternalNetns, $"http://{HostAddress}:{port}/", "both");
        t.MustFetch(ExternalNetns, $"http://[{HostAddress6}]:{port}/", "both");
        t.Passed();
    }

    [SkippableTheory]
    [MemberData(nameof(Drivers.All), MemberType = typeof(Drivers))]
    public void TwoIPv4SubnetsAreRefusedAsDockersBridgeRefusesThem(string driver)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        string[] driverArgs = t.IsCsnet ? ["-d", Drivers.Csnet, "--ipam-driver", Drivers.Csnet] : ["-d", Drivers.Bridge];
        var name = t.Name("two4");

        var create = t.Docker(["network", "create", .. driverArgs, "--subnet", $"{t.Net(63)}.0/24", "--subnet", $"{t.Net(64)}.0/24", name]);

        t.Check(!create.Succeeded, $"docker network create with two IPv4 subnets succeeded on {driver}");
        t.Check(create.Stderr.Contains("doesn't support multiple subnets", StringComparison.Ordinal), $"the refusal does not say why:\n{create}");
        t.Check(!t.Docker("network", "inspect", name).Succeeded, $"network {name} exists after the refusal");
        var left = t.LinksAddedSinceStart();
        t.Check(left.Count == 0, $"links left after the refused network: {string.Join(", ", left)}");
        t.Passed();
    }

    [SkippableTheory]
    [MemberData(nameof(Drivers.All), MemberType = typeof(Drivers))]
    public void IPv6WithoutAnIPv6SubnetGetsAnAutomaticSlash64OnCsnet(string driver)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        string[] driverArgs = t.IsCsnet ? ["-d", Drivers.Csnet, "--ipam-driver", Drivers.Csnet] : ["-d", Drivers.Bridge];
        var name = t.Name("auto6");
        var create = t.DockerTrackedNetwork(name, ["network", "create", .. driverArgs, "--ipv6", "--subnet", $"{t.Net(65)}.0/24", name]);

        if (!t.IsCsnet)
        {
            // Docker's default pools are IPv4 only before 27.0.
            t.Check(!create.Succeeded && create.Stderr.Contains("IPv6", StringComparison.Ordinal), $"dockerd {t.DaemonVersion} now has automatic IPv6 pools; update this reference:\n{create}");
            t.Passed();
            return;
        }
        t.Check(create.Succeeded, $"--ipv6 without an IPv6 subnet failed on csnet:\n{create}");
        var subnet6 = t.NetworkSubnets(name).FirstOrDefault(TestScope.IsIPv6Prefix);
        t.Check(subnet6 is not null && subnet6.StartsWith("fd", StringComparison.Ordinal) && subnet6.EndsWith("::/64", StringComparison.Ordinal),
            $"the automatic IPv6 subnet is '{subnet6}', not a unique local /64");
        var c = t.StartContainer("c", name);
        var address = t.Eth0Address6(c);
        t.Check(System.Net.IPNetwork.Parse(subnet6!).Contains(address), $"{c} has {address}, outside {subnet6}");
        t.Passed();
    }

    [SkippableFact]
    public void AnIPv6SubnetLargerThanSlash64IsRefusedWithTheReasonOnCsnet()
    {
        // Docker's bridge takes any size (and allocates in the first /64 only); csnet refuses.
        using var t = TestScope.Begin(fixture, output, Drivers.Csnet);
        var name = t.Name("big6");

        var create = t.DockerTrackedNetwork(name, ["network", "create", "-d", Drivers.Csnet, "--ipam-driver", Drivers.Csnet, "--ipv6",
            "--subnet", $"{t.Net(66)}.0/24", "--subnet", "fd5c:e2e:66::/48", name]);

        t.Check(!create.Succeeded && create.Stderr.Contains("larger than /64", StringComparison.Ordinal), $"a /48 bridge subnet was not refused with the reason:\n{create}");
        var left = t.LinksAddedSinceStart();
        t.Check(left.Count == 0, $"links left after the refused network: {string.Join(", ", left)}");
        t.Passed();
    }
}
