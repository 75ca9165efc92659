using Csnet.E2E.Tests.Harness;
using Xunit.Abstractions;

namespace Csnet.E2E.Tests.Scenarios;

/// <summary>
/// kill -9 inside csnet's macvlan calls (CSNET_FAULT_EXIT_AT), then a restart: the interrupted
/// call leaves no child, shim route or shim behind, the shared LAN parent stays, and the same
/// request works when made again (the host reaches the new container through the shim). Only
/// csnet: Docker's macvlan has no process to kill.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class MacvlanFaultPointTests(E2EFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan CallBound = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(30);

    /// <summary>A point in each of the four calls, each after a kernel object exists and before its record does (or is gone).</summary>
    public static TheoryData<string> Points => new()
    {
        "CreateNetwork:CreateShim", "CreateEndpoint:RouteThroughShim", "DeleteEndpoint:LinksDeleted", "DeleteNetwork:LinksDeleted",
    };

    [SkippableTheory]
    [MemberData(nameof(Points))]
    public void ACrashInAMacvlanCallLeavesNothingAndTheRequestWorksAgain(string point)
    {
        using var t = TestScope.Begin(fixture, output, Drivers.Csnet);
        var net = t.Net(61);
        var lan = t.CreateLan("lan", $"{net}.1/24");
        string[] options = ["-o", $"csnet.host_shim={net}.250", "--subnet", $"{net}.0/24", "--gateway", $"{net}.1"];
        var operation = point.Split(':')[0];

        if (operation == "CreateNetwork")
        {
            var name = t.Name("fault");
            FaultInjection.CrashDuring(fixture, t, point, () => t.TryCreateMacvlanNetwork("fault", lan.Parent, options));
            // Docker may have kept the network after all (the retry was refused, yet); then it goes like any other.
            t.Docker("network", "rm", name);
            t.Converges(point, Recovery, () => CsnetLinksLeft(t, lan));
        }
        else
        {
            var network = t.CreateMacvlanNetwork("fault", lan.Parent, options);
            var networkId = t.NetworkId(network);
            var shim = "cshim" + networkId[..10];
            if (operation == "CreateEndpoint")
            {
                var name = t.Name("crashed");
                FaultInjection.CrashDuring(fixture, t, point, () => t.DockerTracked(name, CallBound,
                    "run", "-d", "--pull=never", "--name", name, "--network", network, "--ip", $"{net}.50", BusyboxImage.Name, "sleep", "600"));
                t.Docker("rm", "-f", name);
                t.Converges(point, Recovery, () => OnlyTheShim(t, networkId, shim, $"{net}.50"));
            }
            else if (operation == "DeleteEndpoint")
            {
                var victim = t.StartContainer("victim", network, "--ip", $"{net}.50");
                t.MustPingFrom(null, $"{net}.50");
                var rm = FaultInjection.CrashDuring(fixture, t, point, () => t.Docker(CallBound, "rm", "-f", victim));
                t.Check(rm.Succeeded, "docker rm -f failed after a crash in DeleteEndpoint");
                t.Converges(point, Recovery, () => OnlyTheShim(t, networkId, shim, $"{net}.50"));
            }
            else
            {
                var rm = FaultInjection.CrashDuring(fixture, t, point, () => t.Docker(CallBound, "network", "rm", network));
                t.Check(rm.Succeeded, "docker network rm failed after a crash in DeleteNetwork");
                t.Converges(point, Recovery, () => TestScope.KernelObjectsOf(networkId).Links is { Count: > 0 } links
                    ? $"links [{string.Join(", ", links)}]" : CsnetLinksLeft(t, lan));
            }
        }

        t.Check(HostLinks.Exists(lan.Parent), $"the LAN parent {lan.Parent} went with the crash's repair");
        var again = operation is "CreateNetwork" or "DeleteNetwork" ? t.CreateMacvlanNetwork("again", lan.Parent, options) : t.Name("fault");
        var container = t.StartContainer("again", again, "--ip", $"{net}.50");
        t.MustPingFrom(null, $"{net}.50");
        t.MustPing(container, $"{net}.1");
        t.Passed();
    }

    /// <summary>csnet's links (children, shims) made since the scenario began, or null when none is left.</summary>
    private static string? CsnetLinksLeft(TestScope t, Lan lan)
    {
        var left = HostLinks.Added(t.LinksBefore).Where(l => l != lan.Parent).ToList();
        return left.Count > 0 ? $"links left: {string.Join(", ", left)}" : null;
    }

    /// <summary>The network has no endpoint any more: only its shim, and no route through it to the interrupted container's address.</summary>
    private static string? OnlyTheShim(TestScope t, string networkId, string shim, string address)
    {
        var links = TestScope.KernelObjectsOf(networkId).Links;
        if (links.Count != 1 || links[0] != shim)
            return $"links [{string.Join(", ", links)}], expected only the shim {shim}";
        var route = t.HostTry("ip", "route", "show", address).Stdout.Trim();
        return route.Length > 0 ? $"the route to {address} outlived its endpoint: {route}" : null;
    }
}
