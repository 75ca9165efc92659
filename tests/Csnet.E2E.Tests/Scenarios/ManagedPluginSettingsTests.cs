using Csnet.E2E.Tests.Harness;
using Xunit.Abstractions;

namespace Csnet.E2E.Tests.Scenarios;

/// <summary>docker plugin set reaches csnet's settings; a wrong one stops the plugin with the setting's name in the dockerd log.</summary>
[Collection(ManagedPluginCollection.Name)]
public sealed class ManagedPluginSettingsTests(ManagedPluginFixture fixture, ITestOutputHelper output)
{
    private const string Plugin = ManagedPluginFixture.PluginName;

    [SkippableFact]
    public void ADefaultPoolSetWithDockerPluginSetFeedsAutomaticNetworks()
    {
        using var t = TestScope.Begin(fixture, output, Plugin);
        t.Must("plugin", "disable", Plugin);
        try
        {
            t.Must("plugin", "set", Plugin, "CSNET_DEFAULT_POOLS=base=10.176.0.0/16,size=24 base=10.177.0.0/16,size=24");
            t.Check(fixture.Enable(Plugin) is { Succeeded: true }, "docker plugin enable failed");
            var network = t.CreateNetwork("pool");
            var subnet = t.NetworkSubnet(network);
            t.Check(subnet.StartsWith("10.176.", StringComparison.Ordinal) && subnet.EndsWith("/24", StringComparison.Ordinal),
                $"automatic pool {subnet} is not from CSNET_DEFAULT_POOLS' first entry");
            t.RemoveNetwork(network);
        }
        finally
        {
            Reset(t);
        }
        t.Passed();
    }

    [SkippableFact]
    public void AWrongSettingFailsTheEnableAndTheDaemonLogNamesIt()
    {
        using var t = TestScope.Begin(fixture, output, Plugin);
        var logFrom = LogFile.Length(fixture.Daemon!.LogPath);
        t.Must("plugin", "disable", Plugin);
        try
        {
            t.Must("plugin", "set", Plugin, "CSNET_DEFAULT_POOLS=base=10.176.0.0/16,size=40");
            var enable = fixture.Enable(Plugin, TimeSpan.FromSeconds(90));
            t.Check(!enable.Succeeded, $"enable with CSNET_DEFAULT_POOLS size 40 should fail\n{enable}");
            var log = LogFile.Tail(fixture.Daemon.LogPath, 200, line => line.Contains("csnet: invalid setting", StringComparison.Ordinal), logFrom);
            t.Check(log.Contains("CSNET_DEFAULT_POOLS: pool 1 'base=10.176.0.0/16,size=40'", StringComparison.Ordinal),
                $"the dockerd log does not name CSNET_DEFAULT_POOLS:\n{log}");
            t.Log("dockerd log says:\n" + log);
        }
        finally
        {
            Reset(t);
        }
        t.Passed();
    }

    private void Reset(TestScope t)
    {
        t.Docker("plugin", "disable", "-f", Plugin);
        t.Must("plugin", "set", Plugin, "CSNET_DEFAULT_POOLS=");
        var enable = fixture.Enable(Plugin);
        t.Check(enable.Succeeded, $"docker plugin enable with the default pools failed\n{enable}");
    }
}
