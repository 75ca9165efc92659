using Csnet.E2E.Tests.Harness;
using Xunit.Abstractions;

namespace Csnet.E2E.Tests.Scenarios;

/// <summary>
/// Docker goes on while csnet is down: it retries each call for about 15 s, logs a warning, and
/// forgets the container or network without ever telling the plugin again. Only csnet: the
/// built-in driver runs inside dockerd and cannot be down on its own.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class PluginDownTests(E2EFixture fixture, ITestOutputHelper output)
{
    private const int HostPort = 18485;
    private static readonly TimeSpan WhileDown = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A container with a static address and a published port, and a whole network, removed while
    /// csnet is stopped. After its start nothing of either is left in links or rules, and the
    /// address, the host port and the subnet can be used again.
    /// </summary>
    [SkippableFact]
    public void WhatDockerRemovedWhileCsnetWasDownIsGoneAfterItsRestartAndCanBeUsedAgain()
    {
        using var t = TestScope.Begin(fixture, output, Drivers.Csnet);
        var kept = t.Net(84);
        var gone = t.Net(85);
        var keptNet = t.CreateNetwork("kept", "--subnet", $"{kept}.0/24");
        var goneNet = t.CreateNetwork("gone", "--subnet", $"{gone}.0/24");
        var keptId = t.NetworkId(keptNet);
        var goneId = t.NetworkId(goneNet);
        var emptyRules = TestScope.KernelObjectsOf(keptId).Rules.Order().ToList();
        var web = t.StartWebServer("web", keptNet, "before", "--ip", $"{kept}.50", "-p", $"{HostPort}:80");
        var endpoint = t.EndpointId(web, keptNet);
        t.MustFetch(null, $"http://127.0.0.1:{HostPort}/", "before");
        t.Check(HostFirewall.DnatHostPort($"{kept}.50", 80) == HostPort, "no DNAT for the published port before the fault");

        try
        {
            fixture.KillPlugin();
            var removeContainer = Task.Run(() => t.Docker(WhileDown, "rm", "-f", web));
            var removeNetwork = Task.Run(() => t.Docker(WhileDown, "network", "rm", goneNet));
            // Docker's behaviour, not csnet's: both go through after the retries run out.
            t.Check(removeContainer.Result.Succeeded, "docker rm -f failed while csnet was down (Docker carries on after its retries)");
            t.Check(removeNetwork.Result.Succeeded, "docker network rm failed while csnet was down (Docker carries on after its retries)");
            t.Log($"while csnet was down: rm -f took {removeContainer.Result.Elapsed.TotalSeconds:F0} s, network rm {removeNetwork.Result.Elapsed.TotalSeconds:F0} s");
        }
        finally
        {
            var reason = fixture.RestartPlugin();
            if (reason is not null)
            {
                t.Fail("csnet did not restart on its state directory: " + reason);
            }
        }

        t.Converges("plugin down: container and network removed", Recovery, () =>
        {
            var (goneLinks, goneRules) = TestScope.KernelObjectsOf(goneId);
            var (keptLinks, keptRules) = TestScope.KernelObjectsOf(keptId);
            var endpointRules = keptRules.Where(r => r.Contains(endpoint[..12], StringComparison.Ordinal)).ToList();
            if (goneLinks.Count > 0 || goneRules.Count > 0)
            {
                return $"the removed network still has links [{string.Join(", ", goneLinks)}] and {goneRules.Count} rules:\n{string.Join('\n', goneRules)}";
            }
            if (keptLinks.Count != 1)
            {
                return $"the kept network has links [{string.Join(", ", keptLinks)}], expected only its bridge";
            }
            if (endpointRules.Count > 0 || HostFirewall.DnatHostPort($"{kept}.50", 80) is not null)
            {
                return $"rules of the removed container are left:\n{string.Join('\n', endpointRules)}";
            }
            return keptRules.Order().SequenceEqual(emptyRules) ? null : $"the kept network's rules differ from when it was empty:\n{string.Join('\n', keptRules)}";
        });

        // The address and host port the removed container held, and the removed network's subnet.
        t.StartWebServer("again", keptNet, "again", "--ip", $"{kept}.50", "-p", $"{HostPort}:80");
        t.MustFetch(null, $"http://127.0.0.1:{HostPort}/", "again");
        var reborn = t.CreateNetwork("reborn", "--subnet", $"{gone}.0/24");
        var inReborn = t.StartContainer("inreborn", reborn);
        t.MustPing(inReborn, $"{gone}.1");
        t.Passed();
    }
}
