using Csnet.E2E.Tests.Harness;
using Xunit.Abstractions;

namespace Csnet.E2E.Tests.Scenarios;

/// <summary>The foundation's bridge story on csnet installed as a managed plugin (driver name csnet:latest).</summary>
[Collection(ManagedPluginCollection.Name)]
public sealed class ManagedPluginTests(ManagedPluginFixture fixture, ITestOutputHelper output)
{
    private const string ExternalNetns = "csnet-e2e-mext";
    private const string HostSide = "cse2e-mext-h";
    private const string NsSide = "cse2e-mext-n";
    private const string HostAddress = "10.199.7.1";

    /// <summary>
    /// Ping by name, an automatic pool, --ip, a port published to a netns outside and masquerade
    /// out to it: each a foundation scenario, here through the plugin dockerd started itself.
    /// </summary>
    [SkippableFact]
    public void TheBridgeStoryWorksThroughTheManagedPlugin()
    {
        using var t = TestScope.Begin(fixture, output, ManagedPluginFixture.PluginName);
        t.Check(t.Docker("plugin", "inspect", "-f", "{{.Enabled}}", ManagedPluginFixture.PluginName).Stdout.Trim() == "true", "csnet:latest is not enabled");
        t.CreateExternalHost(ExternalNetns, HostSide, NsSide, HostAddress + "/30", "10.199.7.2/30");

        var net = t.Net(71);
        var network = t.CreateNetwork("story", "--subnet", $"{net}.0/24", "--gateway", $"{net}.1");
        var db = t.StartContainer("db", network);
        t.MustPing(t.StartContainer("app", network), db);

        var fixedIp = t.StartContainer("fixed", network, "--ip", $"{net}.77");
        t.Check(t.ContainerIp(fixedIp, network) == $"{net}.77", "--ip was not honoured");

        var auto = t.CreateNetwork("auto");
        t.Check(t.NetworkSubnet(auto).Contains('/'), "a network without --subnet got no automatic pool");

        var web = t.StartWebServer("web", network, "managed", "-p", "18371:80");
        t.MustFetch(ExternalNetns, $"http://{HostAddress}:18371/", "managed");
        t.Check(!ProcessRunner.Run("ip", "-n", ExternalNetns, "route", "get", t.ContainerIp(web, network)).Succeeded,
            $"precondition: {ExternalNetns} must have no route to the container subnet");
        t.MustPing(db, "10.199.7.2");
        t.Passed();
    }

    /// <summary>
    /// docker plugin disable while a network uses the plugin: Docker refuses (its refcount counts
    /// networks), and -f forces it. Documented in docs/managed-plugin.md.
    /// </summary>
    [SkippableFact]
    public void DisableIsRefusedWhileANetworkUsesThePlugin()
    {
        using var t = TestScope.Begin(fixture, output, ManagedPluginFixture.PluginName);
        var network = t.CreateNetwork("inuse", "--subnet", $"{t.Net(72)}.0/24");
        var disable = t.Docker("plugin", "disable", ManagedPluginFixture.PluginName);
        t.Check(!disable.Succeeded && disable.Stderr.Contains("is in use", StringComparison.Ordinal),
            $"disable with a network should be refused as 'in use'\n{disable}");
        t.RemoveNetwork(network);
        t.Passed();
    }
}
