using Csnet.E2E.Tests.Harness;
using Xunit.Abstractions;

namespace Csnet.E2E.Tests.Scenarios;

/// <summary>
/// Where csnet's macvlan goes beyond Docker's: the host shim (the host reaches its own
/// containers), addresses probed on the LAN before they are handed out, VLAN parents, and the
/// restart paths. Each runs on Docker's macvlan too where Docker has something to compare.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class MacvlanHostAndLanTests(E2EFixture fixture, ITestOutputHelper output)
{
    /// <summary>The kernel keeps a parent and its macvlan children apart: a host on the LAN itself still cannot reach them.</summary>
    [SkippableTheory]
    [MemberData(nameof(Drivers.MacvlanModes), MemberType = typeof(Drivers))]
    public void WithoutAShimTheHostCannotReachItsContainers(string driver)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        var net = t.Net(47);
        var lan = t.CreateLan("lan", $"{net}.1/24");
        t.HostCommand("ip", "addr", "add", $"{net}.254/24", "dev", lan.Parent);
        var network = t.CreateMacvlanNetwork("noshim", lan.Parent, "--subnet", $"{net}.0/24", "--gateway", $"{net}.1");
        var c = t.StartContainer("c", network);
        var ip = t.ContainerIp(c, network);

        t.MustPingFrom(lan.Netns, ip);
        t.MustNotPingFrom(null, ip);
        t.Passed();
    }

    [SkippableFact]
    public void WithTheShimTheHostAndItsContainersReachEachOther()
    {
        using var t = TestScope.Begin(fixture, output, Drivers.Csnet);
        var (net, net6) = (t.Net(56), t.Net6(56));
        var lan = t.CreateLan("lan", $"{net}.1/24", $"{net6}::1/64");
        t.HostCommand("ip", "addr", "add", $"{net}.254/24", "dev", lan.Parent);
        var network = t.CreateMacvlanNetwork("shim", lan.Parent, "--ipv6", "-o", $"csnet.host_shim={net}.250,{net6}::fa",
            "--subnet", $"{net}.0/24", "--gateway", $"{net}.1", "--subnet", $"{net6}::/64", "--gateway", $"{net6}::1");
        var shim = "cshim" + t.NetworkId(network)[..10];
        var c = t.StartContainer("c", network);
        var (ip, ip6) = (t.ContainerIp(c, network), t.ContainerIp6(c, network));
        t.Check(ip != $"{net}.250", "the IPAM handed the shim's address to a container");

        t.MustPingFrom(null, ip);
        t.MustPingFrom(null, ip6);
        t.MustPing(c, $"{net}.250");
        t.MustPing6(c, $"{net6}::fa");
        t.MustPingFrom(lan.Netns, ip);

        t.RemoveContainer(c);
        t.Check(t.HostTry("ip", "route", "show", ip).Stdout.Trim().Length == 0, $"the route to {ip} through the shim outlived its container");
        t.RemoveNetwork(network);
        t.Check(!HostLinks.Exists(shim), $"host shim {shim} outlived its network");
        MacvlanTests.LinksLeft(t, lan);
        t.Passed();
    }

    /// <summary>
    /// A LAN host already holds the next free address: csnet's IPAM hears it answer and skips it,
    /// and refuses it as an explicit --ip with the MAC that answered. Docker's IPAM knows only
    /// itself and hands the address out a second time.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(Drivers.MacvlanModes), MemberType = typeof(Drivers))]
    public void ALanHostHoldingTheNextFreeAddressMakesTheIpamSkipIt(string driver)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        var net = t.Net(57);
        var lan = t.CreateLan("lan", $"{net}.1/24", $"{net}.2/24");
        t.HostCommand("ip", "-n", lan.Netns, "link", "set", "eth0", "address", "02:00:00:00:57:02");
        var network = t.CreateMacvlanNetwork("probe", lan.Parent, "--subnet", $"{net}.0/24", "--gateway", $"{net}.1");
        var c = t.StartContainer("c", network);
        var ip = t.ContainerIp(c, network);

        if (!t.IsCsnet)
        {
            t.Check(ip == $"{net}.2", $"reference: Docker's IPAM hands out {net}.2 although the LAN holds it; got {ip}");
            t.Passed();
            return;
        }

        t.Check(ip == $"{net}.3", $"csnet must skip {net}.2, which a LAN host holds; the container got {ip}");
        var taken = t.DockerTracked(t.Name("taken"), TimeSpan.FromSeconds(60),
            "run", "-d", "--pull=never", "--name", t.Name("taken"), "--network", network, "--ip", $"{net}.2", BusyboxImage.Name, "sleep", "600");
        t.Check(!taken.Succeeded && taken.Stderr.Contains("MAC 02:00:00:00:57:02", StringComparison.Ordinal),
            $"--ip {net}.2 must be refused naming the MAC that answered\n{taken}");
        t.Passed();
    }

    /// <summary>VLAN parents (csnet and Docker create a missing eth0.10): needs the kernel's 802.1q, which this machine lacks; it skips with the reason then.</summary>
    [SkippableTheory]
    [MemberData(nameof(Drivers.MacvlanModes), MemberType = typeof(Drivers))]
    public void AVlanParentIsMadeSharedAndRemovedWithItsLastNetwork(string driver)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        var missing = t.MissingLinkKind("vlan");
        Skip.If(missing is not null, missing);
        var lan = t.CreateLan("v");
        var vlan = lan.Parent + ".10";
        var first = t.CreateMacvlanNetwork("va", vlan, "--subnet", $"{t.Net(51)}.0/24");
        t.Check(HostLinks.Kind(vlan) == "vlan", $"{vlan} was not created as a VLAN link");
        var second = t.CreateMacvlanNetwork("vb", vlan, "--subnet", $"{t.Net(52)}.0/24");
        var c = t.StartContainer("c", second);

        t.RemoveNetwork(first);
        t.Check(HostLinks.Exists(vlan), $"{vlan} went with the first network although the second uses it");
        t.RemoveContainer(c);
        t.RemoveNetwork(second);
        t.Check(!HostLinks.Exists(vlan), $"{vlan} outlived the last network on it");

        var own = lan.Parent + ".20";
        t.HostCommand("ip", "link", "add", "link", lan.Parent, "name", own, "type", "vlan", "id", "20");
        var third = t.CreateMacvlanNetwork("vc", own, "--subnet", $"{t.Net(51)}.0/24");
        t.RemoveNetwork(third);
        t.Check(HostLinks.Exists(own), $"{own} existed before the network and must stay");
        t.HostCommand("ip", "link", "del", own);
        t.Passed();
    }

    /// <summary>Needs no 802.1q: the VLAN id and the lower link are checked before anything is made.</summary>
    [SkippableTheory]
    [MemberData(nameof(Drivers.MacvlanModes), MemberType = typeof(Drivers))]
    public void AVlanParentOutsideTheIdRangeOrWithoutItsLowerLinkIsRefused(string driver)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        var lan = t.CreateLan("v");

        var range = t.TryCreateMacvlanNetwork("range", lan.Parent + ".4095", "--subnet", $"{t.Net(53)}.0/24");
        var lower = t.TryCreateMacvlanNetwork("lower", "e2enolink.10", "--subnet", $"{t.Net(54)}.0/24");

        t.Check(!range.Succeeded && range.Stderr.Contains("4094", StringComparison.Ordinal), $"VLAN id 4095 must be refused with the range\n{range}");
        t.Check(!lower.Succeeded && lower.Stderr.Contains("e2enolink", StringComparison.Ordinal), $"a VLAN on a missing lower link must be refused naming it\n{lower}");
        t.Passed();
    }

    /// <summary>A reboot in small for the shim: it vanished while csnet was down; the restarted plugin rebuilds it with its routes. Only csnet (Docker has no shim).</summary>
    [SkippableFact]
    public void AShimLostWhileCsnetWasDownIsRebuiltAtStart()
    {
        using var t = TestScope.Begin(fixture, output, Drivers.Csnet);
        var net = t.Net(58);
        var lan = t.CreateLan("lan", $"{net}.1/24");
        var network = t.CreateMacvlanNetwork("rs", lan.Parent, "-o", $"csnet.host_shim={net}.250", "--subnet", $"{net}.0/24", "--gateway", $"{net}.1");
        var shim = "cshim" + t.NetworkId(network)[..10];
        var c = t.StartContainer("c", network);
        var ip = t.ContainerIp(c, network);
        t.MustPingFrom(null, ip);

        try
        {
            fixture.KillPlugin();
            t.HostCommand("ip", "link", "del", shim);
            t.MustNotPingFrom(null, ip);
        }
        finally
        {
            if (fixture.RestartPlugin() is { } reason)
                t.Fail("csnet did not restart on its state directory: " + reason);
        }

        t.MustPingFrom(null, ip);
        t.Passed();
    }

    /// <summary>The parent is gone when csnet starts: the network stays, containers fail with the reason until the link is back.</summary>
    [SkippableFact]
    public void AParentGoneAtStartFailsContainersWithTheReasonUntilItIsBack()
    {
        using var t = TestScope.Begin(fixture, output, Drivers.Csnet);
        var net = t.Net(59);
        var lan = t.CreateLan("lan", $"{net}.1/24");
        var network = t.CreateMacvlanNetwork("gone", lan.Parent, "--subnet", $"{net}.0/24", "--gateway", $"{net}.1");

        try
        {
            fixture.KillPlugin();
            t.HostCommand("ip", "link", "del", lan.Parent);
        }
        finally
        {
            if (fixture.RestartPlugin() is { } reason)
                t.Fail("csnet did not restart on its state directory: " + reason);
        }

        var failed = t.DockerTracked(t.Name("early"), TimeSpan.FromSeconds(60),
            "run", "-d", "--pull=never", "--name", t.Name("early"), "--network", network, BusyboxImage.Name, "sleep", "600");
        t.Check(!failed.Succeeded && failed.Stderr.Contains($"parent {lan.Parent}", StringComparison.Ordinal) && failed.Stderr.Contains("does not exist", StringComparison.Ordinal),
            $"a container on a network whose parent is gone must fail naming the parent\n{failed}");

        t.HostCommand("ip", "link", "add", lan.Parent, "type", "veth", "peer", "name", "eth0", "netns", lan.Netns);
        t.HostCommand("ip", "link", "set", lan.Parent, "up");
        t.HostCommand("ip", "-n", lan.Netns, "link", "set", "eth0", "up");
        t.AddLanAddress(lan, $"{net}.1/24");
        var c = t.StartContainer("c", network);
        t.MustPing(c, $"{net}.1");
        t.Passed();
    }
}
