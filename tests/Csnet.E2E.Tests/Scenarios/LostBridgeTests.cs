using Csnet.E2E.Tests.Harness;
using Xunit.Abstractions;

namespace Csnet.E2E.Tests.Scenarios;

/// <summary>
/// Someone deletes a csnet bridge while its containers run (a cleanup script, `ip link del`). The
/// veth host ends survive, detached; csnet notices while it runs, rebuilds the bridge and attaches
/// them again. Docker's own bridge driver does not repair this at all (its containers stay cut off
/// until the network is recreated), so there is no reference run.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class LostBridgeTests(E2EFixture fixture, ITestOutputHelper output)
{
    private const int HostPort = 18487;

    [SkippableFact]
    public void ContainersReconnectAfterTheirBridgeWasDeletedUnderThem()
    {
        using var t = TestScope.Begin(fixture, output, Drivers.Csnet);
        var net = t.Net(83);
        var network = t.CreateNetwork("lost", "--subnet", $"{net}.0/24");
        var bridge = "csbr-" + t.NetworkId(network)[..10];
        var web = t.StartWebServer("web", network, "alive", "-p", $"{HostPort}:80");
        var client = t.StartContainer("client", network);
        var webIp = t.ContainerIp(web, network);
        var clientIp = t.ContainerIp(client, network);
        t.MustPing(client, webIp);
        t.MustFetch(null, $"http://127.0.0.1:{HostPort}/", "alive");

        t.HostCommand("ip", "link", "del", "dev", bridge);
        t.Converges("bridge deleted under running containers", TimeSpan.FromSeconds(30), () =>
        {
            if (!HostLinks.Exists(bridge))
            {
                return $"{bridge} is not back";
            }
            var ping = t.Exec(client, "ping", "-c", "1", "-W", "1", webIp);
            return ping.Succeeded ? null : $"{client} cannot reach {webIp} yet";
        });
        t.MustPing(web, clientIp);
        t.MustPing(client, $"{net}.1");
        t.MustFetch(null, $"http://127.0.0.1:{HostPort}/", "alive");
        t.Passed();
    }
}
