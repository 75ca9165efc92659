using Csnet.E2E.Tests.Harness;
using Xunit.Abstractions;

namespace Csnet.E2E.Tests.Scenarios;

[Collection(E2ECollection.Name)]
public sealed class UserStoryTests(E2EFixture fixture, ITestOutputHelper output)
{
    /// <summary>
    /// The README story: a user network with a fixed subnet, a "db" container, a second container
    /// that reaches it by name; afterwards nothing of the network is left on the host.
    /// </summary>
    [SkippableTheory]
    [InlineData(Drivers.Bridge, false)]
    [InlineData(Drivers.Bridge, true)]
    [InlineData(Drivers.Csnet, false)]
    [InlineData(Drivers.Csnet, true)]
    public void AContainerReachesAnotherByNameAndTheNetworkLeavesNothingBehind(string driver, bool namedBridge)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        var net = t.Net(90);
        var bridgeName = $"e2ebr{t.Id}";
        string[] bridgeOption = namedBridge ? ["-o", $"com.docker.network.bridge.name={bridgeName}"] : [];

        var appnet = t.CreateNetwork("appnet", ["--subnet", $"{net}.0/24", "--gateway", $"{net}.1", .. bridgeOption]);
        if (namedBridge)
        {
            t.Check(HostLinks.Exists(bridgeName), $"bridge {bridgeName} from com.docker.network.bridge.name does not exist after network create");
        }
        var db = t.StartContainer("db", appnet);

        // Names resolve through Docker's embedded DNS; "db" is the container's name on the network.
        var ping = t.RunOnce(appnet, "ping", "-c", "1", "-W", "1", db);
        if (!ping.Succeeded)
        {
            ping = t.RunOnce(appnet, "ping", "-c", "1", "-W", "2", db);
        }
        t.Check(ping.Succeeded, $"ping -c1 -W1 {db} from a second container failed:\n{ping}");

        t.RemoveContainer(db);
        t.RemoveNetwork(appnet);

        if (namedBridge)
        {
            t.Check(!HostLinks.Exists(bridgeName), $"bridge {bridgeName} still exists after docker network rm");
        }
        var left = t.LinksAddedSinceStart();
        t.Check(left.Count == 0, $"links left after docker rm -f and docker network rm: {string.Join(", ", left)}");
        t.Passed();
    }
}
