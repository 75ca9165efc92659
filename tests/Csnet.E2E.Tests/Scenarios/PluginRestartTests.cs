using Csnet.E2E.Tests.Harness;
using Xunit.Abstractions;

namespace Csnet.E2E.Tests.Scenarios;

[Collection(E2ECollection.Name)]
public sealed class PluginRestartTests(E2EFixture fixture, ITestOutputHelper output)
{
    /// <summary>
    /// A crash (SIGKILL) between container starts: the data path must not depend on the plugin
    /// process, and the restarted plugin must know the network and endpoints from its state dir.
    /// Only csnet: the built-in bridge driver runs inside dockerd, so there is no process to kill.
    /// </summary>
    [SkippableFact]
    public void ContainersKeepWorkingAcrossAPluginCrashAndRestart()
    {
        using var t = TestScope.Begin(fixture, output, Drivers.Csnet);
        var net = t.Net(89);
        var network = t.CreateNetwork("crash", "--subnet", $"{net}.0/24", "--gateway", $"{net}.1");
        var before1 = t.StartContainer("before1", network);
        var before2 = t.StartContainer("before2", network);
        var ip1 = t.ContainerIp(before1, network);
        var ip2 = t.ContainerIp(before2, network);
        t.MustPing(before2, ip1);

        try
        {
            fixture.KillPlugin();
            t.Log("csnet killed with SIGKILL");
            t.MustPing(before2, ip1);
            t.MustPing(before1, $"{net}.1");
        }
        finally
        {
            var reason = fixture.RestartPlugin();
            if (reason is not null)
            {
                t.Fail("csnet did not restart on its state directory: " + reason);
            }
        }

        t.MustPing(before1, ip2);
        var after = t.StartContainer("after", network);
        var ipAfter = t.ContainerIp(after, network);
        t.Check(ipAfter != ip1 && ipAfter != ip2, $"the restarted plugin handed out an address in use: {ipAfter}");
        t.MustPing(after, ip1);
        t.MustPing(before1, ipAfter);
        t.MustPing(after, before2);

        t.RemoveContainer(before1);
        t.RemoveContainer(before2);
        t.RemoveContainer(after);
        t.RemoveNetwork(network);
        var left = t.LinksAddedSinceStart();
        t.Check(left.Count == 0, $"links left after removing everything: {string.Join(", ", left)}");
        t.Passed();
    }

    /// <summary>
    /// What a host reboot does to csnet, in small: the bridge is gone but the database is not. The
    /// daemon never replays CreateNetwork, so the restarted plugin must rebuild the bridge itself.
    /// Only csnet, for the same reason as above.
    /// </summary>
    [SkippableFact]
    public void ARestartedPluginRebuildsABridgeTheHostLost()
    {
        using var t = TestScope.Begin(fixture, output, Drivers.Csnet);
        var net = t.Net(88);
        var network = t.CreateNetwork("rebuild", "--subnet", $"{net}.0/24", "--gateway", $"{net}.1");
        var bridge = "csbr-" + t.NetworkId(network)[..10];
        t.Check(t.HostTry("ip", "link", "show", bridge).Succeeded, $"bridge {bridge} was not created");

        try
        {
            fixture.KillPlugin();
            t.HostCommand("ip", "link", "del", bridge);
        }
        finally
        {
            var reason = fixture.RestartPlugin();
            if (reason is not null)
            {
                t.Fail("csnet did not restart on its state directory: " + reason);
            }
        }

        var rebuilt = false;
        for (var i = 0; i < 50 && !rebuilt; i++)
        {
            rebuilt = t.HostTry("ip", "link", "show", bridge).Succeeded;
            if (!rebuilt)
            {
                Thread.Sleep(100);
            }
        }
        t.Check(rebuilt, $"bridge {bridge} was not rebuilt within 5 s of the restart");
        var container = t.StartContainer("after", network);
        t.MustPing(container, $"{net}.1");

        t.RemoveContainer(container);
        t.RemoveNetwork(network);
        t.Check(!t.HostTry("ip", "link", "show", bridge).Succeeded, $"bridge {bridge} is left after network rm");
        t.Passed();
    }
}
