using Csnet.E2E.Tests.Harness;
using Xunit.Abstractions;

namespace Csnet.E2E.Tests.Scenarios;

/// <summary>
/// kill -9 between two steps of the four calls that change the kernel (CSNET_FAULT_EXIT_AT), then a
/// restart, as a crash and a supervisor would do it. Docker retries the call with a body it has
/// already read (empty), which csnet refuses, so the Docker command may fail; what must hold is the
/// state afterwards: nothing left of the interrupted call, no address or host port kept, and the
/// same request works when made again. Only csnet: Docker's bridge has no process to kill.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class FaultPointTests(E2EFixture fixture, ITestOutputHelper output)
{
    private const int HostPort = 18486;
    private static readonly TimeSpan CallBound = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(30);

    public static TheoryData<string> CreateNetworkPoints => new()
    {
        "CreateBridge", "AddGatewayAddress", "SetUp", "EnableForwarding", "EnableRouteLocalnet", "SaveRecord", "InstallRules",
    };

    public static TheoryData<string> CreateEndpointPoints => new() { "CreateVeth", "SaveRecord" };

    public static TheoryData<string> DeleteEndpointPoints => new() { "LinksDeleted", "RecordDeleted" };

    public static TheoryData<string> DeleteNetworkPoints => new() { "EndpointsDeleted", "BridgeDeleted", "RecordDeleted" };

    [SkippableTheory]
    [MemberData(nameof(CreateNetworkPoints))]
    public void ACrashInCreateNetworkLeavesNothingAndTheSubnetCanBeUsed(string point)
    {
        using var t = TestScope.Begin(fixture, output, Drivers.Csnet);
        var net = t.Net(86);
        var rulesBefore = HostFirewall.CsnetRuleCounts();
        var name = t.Name("fault");
        var create = CrashDuring(t, "CreateNetwork:" + point, () =>
            t.Docker(CallBound, "network", "create", "-d", t.Driver, "--ipam-driver", t.Driver, "--subnet", $"{net}.0/24", name));
        if (create.Succeeded)
        {
            // Docker took the network after all; then it must work like any other.
            var inside = t.StartContainer("in", name);
            t.MustPing(inside, $"{net}.1");
            t.RemoveContainer(inside);
            t.RemoveNetwork(name);
        }

        t.Converges($"CreateNetwork:{point}", Recovery, () =>
        {
            var added = HostLinks.Added(t.LinksBefore);
            var rules = HostFirewall.CsnetRuleCounts();
            return added.Count > 0 ? $"links left: {string.Join(", ", added)}"
                : rules != rulesBefore ? $"csnet rules {rules} where there were {rulesBefore} before"
                : null;
        });
        var again = t.CreateNetwork("again", "--subnet", $"{net}.0/24");
        var container = t.StartContainer("again", again);
        t.MustPing(container, $"{net}.1");
        t.Passed();
    }

    [SkippableTheory]
    [MemberData(nameof(CreateEndpointPoints))]
    public void ACrashInCreateEndpointLeavesNoLinkAddressOrPortBehind(string point)
    {
        using var t = TestScope.Begin(fixture, output, Drivers.Csnet);
        var net = t.Net(87);
        var network = t.CreateNetwork("fault", "--subnet", $"{net}.0/24");
        var networkId = t.NetworkId(network);
        var emptyRules = TestScope.KernelObjectsOf(networkId).Rules.Order().ToList();
        var name = t.Name("crashed");
        var run = CrashDuring(t, "CreateEndpoint:" + point, () => t.DockerTracked(name, CallBound,
            "run", "-d", "--pull=never", "--name", name, "--network", network, "--ip", $"{net}.50", "-p", $"{HostPort}:80", BusyboxImage.Name, "sleep", "600"));
        t.Docker("rm", "-f", name);

        ConvergesToEmpty(t, $"CreateEndpoint:{point}", networkId, emptyRules);
        ReuseAddressAndPort(t, network, net, run.Succeeded ? "the run succeeded" : "the run failed");
    }

    [SkippableTheory]
    [MemberData(nameof(DeleteEndpointPoints))]
    public void ACrashInDeleteEndpointStillFreesTheLinkAddressAndPort(string point)
    {
        using var t = TestScope.Begin(fixture, output, Drivers.Csnet);
        var net = t.Net(87);
        var network = t.CreateNetwork("fault", "--subnet", $"{net}.0/24");
        var networkId = t.NetworkId(network);
        var emptyRules = TestScope.KernelObjectsOf(networkId).Rules.Order().ToList();
        var victim = t.StartWebServer("victim", network, "victim", "--ip", $"{net}.50", "-p", $"{HostPort}:80");
        t.MustFetch(null, $"http://127.0.0.1:{HostPort}/", "victim");
        var rm = CrashDuring(t, "DeleteEndpoint:" + point, () => t.Docker(CallBound, "rm", "-f", victim));
        t.Check(rm.Succeeded, "docker rm -f failed after a crash in DeleteEndpoint");

        ConvergesToEmpty(t, $"DeleteEndpoint:{point}", networkId, emptyRules);
        ReuseAddressAndPort(t, network, net, "after the removal");
    }

    [SkippableTheory]
    [MemberData(nameof(DeleteNetworkPoints))]
    public void ACrashInDeleteNetworkStillRemovesItsBridgeRulesAndPool(string point)
    {
        using var t = TestScope.Begin(fixture, output, Drivers.Csnet);
        var net = t.Net(86);
        var network = t.CreateNetwork("fault", "--subnet", $"{net}.0/24");
        var networkId = t.NetworkId(network);
        var rm = CrashDuring(t, "DeleteNetwork:" + point, () => t.Docker(CallBound, "network", "rm", network));
        t.Check(rm.Succeeded, "docker network rm failed after a crash in DeleteNetwork");

        t.Converges($"DeleteNetwork:{point}", Recovery, () =>
        {
            var (links, rules) = TestScope.KernelObjectsOf(networkId);
            return links.Count > 0 || rules.Count > 0 ? $"links [{string.Join(", ", links)}], rules:\n{string.Join('\n', rules)}" : null;
        });
        var again = t.CreateNetwork("again", "--subnet", $"{net}.0/24");
        var container = t.StartContainer("again", again);
        t.MustPing(container, $"{net}.1");
        t.Passed();
    }

    private CommandResult CrashDuring(TestScope t, string point, Func<CommandResult> call) => FaultInjection.CrashDuring(fixture, t, point, call);

    /// <summary>The network holds no endpoint any more: only its bridge, and its rules as when it was empty.</summary>
    private static void ConvergesToEmpty(TestScope t, string what, string networkId, IReadOnlyList<string> emptyRules) =>
        t.Converges(what, Recovery, () =>
        {
            var (links, rules) = TestScope.KernelObjectsOf(networkId);
            return links.Count != 1 ? $"links [{string.Join(", ", links)}], expected only the bridge"
                : !rules.Order().SequenceEqual(emptyRules) ? $"rules differ from the empty network's:\n{string.Join('\n', rules)}"
                : null;
        });

    /// <summary>The static address and host port of the interrupted container are free again.</summary>
    private static void ReuseAddressAndPort(TestScope t, string network, string net, string context)
    {
        var again = t.StartWebServer("again", network, "again", "--ip", $"{net}.50", "-p", $"{HostPort}:80");
        t.MustFetch(null, $"http://127.0.0.1:{HostPort}/", "again");
        t.MustPing(again, $"{net}.1");
        t.Log($"address and port reusable ({context})");
        t.Passed();
    }
}
