using Csnet.E2E.Tests.Harness;
using Xunit.Abstractions;

namespace Csnet.E2E.Tests.Scenarios;

/// <summary>
/// macvlan networks, each scenario on Docker's own macvlan driver too. The LAN is a netns behind a
/// veth pair whose host end is the parent (never a host uplink); subnets are 10.4x.{0 Docker, 1
/// csnet}.0/24 and fd5c:e2e:4x:{0,1}::/64, used by no other scenario.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class MacvlanTests(E2EFixture fixture, ITestOutputHelper output)
{
    /// <summary>The first dockerd whose macvlan lets networks share a parent (csnet always does).</summary>
    private static readonly Version SharedParents = new(29, 0);

    [SkippableTheory]
    [MemberData(nameof(Drivers.MacvlanModes), MemberType = typeof(Drivers))]
    public void AContainerAndALanHostPingEachOtherBothWaysOverIPv4AndIPv6(string driver)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        var (net, net6) = (t.Net(40), t.Net6(40));
        var lan = t.CreateLan("lan", $"{net}.1/24", $"{net6}::1/64");
        var network = t.CreateMacvlanNetwork("mv", lan.Parent, "--ipv6",
            "--subnet", $"{net}.0/24", "--gateway", $"{net}.1", "--subnet", $"{net6}::/64", "--gateway", $"{net6}::1");
        var c = t.StartContainer("c", network);
        var (ip, ip6) = (t.ContainerIp(c, network), t.ContainerIp6(c, network));

        t.MustPing(c, $"{net}.1");
        t.MustPing6(c, $"{net6}::1");
        t.MustPingFrom(lan.Netns, ip);
        t.MustPingFrom(lan.Netns, ip6);
        var route6 = t.DefaultRoute6(c);
        var via = route6.Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["default", "via", var gateway, ..] ? gateway : "";
        t.Check(via.Length > 0 && System.Net.IPAddress.Parse(via).Equals(System.Net.IPAddress.Parse($"{net6}::1")),
            $"IPv6 default route of {c} is '{route6}', not via the LAN's gateway {net6}::1");

        t.RemoveContainer(c);
        t.RemoveNetwork(network);
        LinksLeft(t, lan);
        t.Passed();
    }

    [SkippableTheory]
    [MemberData(nameof(Drivers.MacvlanModes), MemberType = typeof(Drivers))]
    public void TwoMacvlanNetworksShareOneParentWithDifferentSubnets(string driver)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        var (a, b) = (t.Net(41), t.Net(42));
        var lan = t.CreateLan("lan", $"{a}.1/24", $"{b}.1/24");
        var first = t.CreateMacvlanNetwork("a", lan.Parent, "--subnet", $"{a}.0/24", "--gateway", $"{a}.1");
        if (!t.IsCsnet && t.DaemonVersion < SharedParents)
        {
            // Docker's macvlan takes one network per parent before 29 (moby 528ffa9, "Allow multiple macvlan networks to share a parent").
            var refused = t.TryCreateMacvlanNetwork("b", lan.Parent, "--subnet", $"{b}.0/24", "--gateway", $"{b}.1");
            t.Check(!refused.Succeeded && refused.Stderr.Contains("is already using parent interface", StringComparison.Ordinal),
                $"reference: dockerd {t.DaemonVersion}'s macvlan refuses a second network on one parent\n{refused}");
            t.Passed();
            return;
        }
        var second = t.CreateMacvlanNetwork("b", lan.Parent, "--subnet", $"{b}.0/24", "--gateway", $"{b}.1");
        var ca = t.StartContainer("ca", first);
        var cb = t.StartContainer("cb", second);

        t.MustPing(ca, $"{a}.1");
        t.MustPing(cb, $"{b}.1");
        t.MustPingFrom(lan.Netns, t.ContainerIp(ca, first));
        t.MustPingFrom(lan.Netns, t.ContainerIp(cb, second));

        t.RemoveContainer(ca);
        t.RemoveNetwork(first);
        t.MustPing(cb, $"{b}.1");
        t.Passed();
    }

    [SkippableTheory]
    [MemberData(nameof(Drivers.MacvlanModes), MemberType = typeof(Drivers))]
    public void PrivateModeKeepsTwoContainersApartButBothOnTheLan(string driver)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        var net = t.Net(43);
        var lan = t.CreateLan("lan", $"{net}.1/24");
        var network = t.CreateMacvlanNetwork("priv", lan.Parent, "-o", "macvlan_mode=private", "--subnet", $"{net}.0/24", "--gateway", $"{net}.1");
        var c1 = t.StartContainer("c1", network);
        var c2 = t.StartContainer("c2", network);

        t.MustPing(c1, $"{net}.1");
        t.MustPing(c2, $"{net}.1");
        t.MustNotPing(c1, t.ContainerIp(c2, network));
        t.Passed();
    }

    [SkippableTheory]
    [MemberData(nameof(Drivers.MacvlanModes), MemberType = typeof(Drivers))]
    public void APassthruParentTakesNoSecondNetwork(string driver)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        var net = t.Net(44);
        var lan = t.CreateLan("lan", $"{net}.1/24");
        var network = t.CreateMacvlanNetwork("pt", lan.Parent, "-o", "macvlan_mode=passthru", "--subnet", $"{net}.0/24", "--gateway", $"{net}.1");
        var c = t.StartContainer("c", network);
        t.MustPing(c, $"{net}.1");

        var second = t.TryCreateMacvlanNetwork("second", lan.Parent, "--subnet", $"{t.Net(45)}.0/24");

        // Docker before 29 refuses any second network on a parent, with no word of passthru.
        var reason = !t.IsCsnet && t.DaemonVersion < SharedParents ? "is already using parent interface" : "passthru";
        t.Check(!second.Succeeded && second.Stderr.Contains(reason, StringComparison.Ordinal),
            $"a second network on a passthru parent must be refused ('{reason}')\n{second}");
        t.Passed();
    }

    [SkippableTheory]
    [MemberData(nameof(Drivers.MacvlanModes), MemberType = typeof(Drivers))]
    public void TheContainerInterfaceFollowsTheParentsMtuAndCsnetRefusesALargerOne(string driver)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        var net = t.Net(49);
        var lan = t.CreateLan("lan", $"{net}.1/24");
        t.HostCommand("ip", "link", "set", lan.Parent, "mtu", "1400");
        t.HostCommand("ip", "-n", lan.Netns, "link", "set", "eth0", "mtu", "1400");

        var larger = t.TryCreateMacvlanNetwork("big", lan.Parent, "--subnet", $"{t.Net(48)}.0/24", "-o", "com.docker.network.driver.mtu=9000");
        if (t.IsCsnet)
        {
            t.Check(!larger.Succeeded && larger.Stderr.Contains("9000 is larger than the MTU 1400 of parent", StringComparison.Ordinal),
                $"csnet must refuse an MTU above the parent's, naming both\n{larger}");
        }
        else
        {
            // Docker's macvlan driver ignores the option.
            t.Check(larger.Succeeded, $"Docker's macvlan accepts (and ignores) the MTU option\n{larger}");
            t.RemoveNetwork(t.Name("big"));
        }

        var network = t.CreateMacvlanNetwork("mtu", lan.Parent, "--subnet", $"{net}.0/24", "--gateway", $"{net}.1");
        var c = t.StartContainer("c", network);
        var mtu = t.Exec(c, "cat", "/sys/class/net/eth0/mtu");
        t.Check(mtu.Succeeded && mtu.Stdout.Trim() == "1400", $"eth0 MTU is '{mtu.Stdout.Trim()}', expected the parent's 1400\n{mtu}");
        t.Passed();
    }

    [SkippableTheory]
    [MemberData(nameof(Drivers.MacvlanModes), MemberType = typeof(Drivers))]
    public void PublishedPortsAreRefusedByCsnetAndIgnoredByDocker(string driver)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        var net = t.Net(46);
        var lan = t.CreateLan("lan", $"{net}.1/24");
        var network = t.CreateMacvlanNetwork("ports", lan.Parent, "--subnet", $"{net}.0/24", "--gateway", $"{net}.1");

        var run = t.TryStartWebServer("web", network, "macvlan", "-p", "8046:80");

        if (t.IsCsnet)
            t.Check(!run.Succeeded && run.Stderr.Contains("publishes no ports (-p 8046:80)", StringComparison.Ordinal),
                $"csnet must refuse -p on a macvlan network and say why\n{run}");
        else
            t.Check(run.Succeeded, $"Docker's macvlan starts the container and publishes nothing\n{run}");
        t.Passed();
    }

    [SkippableTheory]
    [MemberData(nameof(Drivers.MacvlanModes), MemberType = typeof(Drivers))]
    public void AnInternalNetworkGivesNoDefaultRouteButStaysOnTheLan(string driver)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        var net = t.Net(55);
        var lan = t.CreateLan("lan", $"{net}.1/24");
        var network = t.CreateMacvlanNetwork("int", lan.Parent, "--internal", "--subnet", $"{net}.0/24", "--gateway", $"{net}.1");
        var c = t.StartContainer("c", network);

        var route = t.Exec(c, "ip", "-4", "route", "show", "default").Stdout.Trim();
        t.Check(route.Length == 0, $"an internal macvlan network must give no default route, {c} has '{route}'");
        t.MustPing(c, $"{net}.1");
        t.Passed();
    }

    /// <summary>
    /// No -o parent: Docker makes a dummy link as parent, which this machine's kernel lacks (then
    /// Docker's network create fails); csnet uses a bridge without ports instead, so it works on
    /// every kernel with bridges. Either way the containers reach only each other.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(Drivers.MacvlanModes), MemberType = typeof(Drivers))]
    public void WithoutAParentTheContainersReachOnlyEachOther(string driver)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        var net = t.Net(50);
        var noDummy = t.IsCsnet ? null : t.MissingLinkKind("dummy");
        var create = t.TryCreateMacvlanNetwork("np", null, "--subnet", $"{net}.0/24");
        if (noDummy is not null)
        {
            t.Log("reference: " + noDummy);
            t.Check(!create.Succeeded, $"Docker's macvlan without a parent needs a dummy link, which this kernel lacks\n{create}");
            t.Passed();
            return;
        }

        t.Check(create.Succeeded, $"a macvlan network without a parent must be created\n{create}");
        var c1 = t.StartContainer("c1", t.Name("np"));
        var c2 = t.StartContainer("c2", t.Name("np"));
        t.MustPing(c1, t.ContainerIp(c2, t.Name("np")));
        var route = t.Exec(c1, "ip", "-4", "route", "show", "default").Stdout.Trim();
        t.Check(route.Length == 0, $"a macvlan network without parent is internal, yet {c1} has '{route}'");

        t.RemoveContainer(c1);
        t.RemoveContainer(c2);
        t.RemoveNetwork(t.Name("np"));
        var left = t.LinksAddedSinceStart();
        t.Check(left.Count == 0, $"links left after removing everything: {string.Join(", ", left)}");
        t.Passed();
    }

    /// <summary>Links the driver made must be gone; the LAN's own parent link stays until the scope ends.</summary>
    internal static void LinksLeft(TestScope t, Lan lan)
    {
        var left = t.LinksAddedSinceStart().Where(l => l != lan.Parent).ToList();
        t.Check(left.Count == 0, $"links left after removing everything: {string.Join(", ", left)}");
    }
}
