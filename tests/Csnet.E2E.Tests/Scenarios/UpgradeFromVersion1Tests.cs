using Csnet.E2E.Tests.Harness;
using Xunit.Abstractions;

namespace Csnet.E2E.Tests.Scenarios;

/// <summary>
/// An upgrade over a database of the schema-1 build: that build (made from this repository's
/// history) creates a network with a published port and two containers; then this build starts on
/// the same state folder, migrates it, and everything keeps working. csnet only: Docker's bridge has
/// no plugin to upgrade.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class UpgradeFromVersion1Tests(E2EFixture fixture, ITestOutputHelper output)
{
    private const string ExternalNetns = "csnet-e2e-up";
    private const string HostAddress = "10.199.7.1";

    [SkippableFact]
    public void ANetworkMadeByTheSchema1BuildKeepsWorkingAfterTheUpgrade()
    {
        using var t = TestScope.Begin(fixture, output, Drivers.Csnet);
        var (v1, reason) = Version1Build.Ensure(fixture.RepoRoot, fixture.Log);
        Skip.If(v1 is null, reason);
        var current = fixture.Plugin!.Executable;
        var state = Path.Combine(fixture.Root, "state-upgrade");
        try
        {
            t.Check(fixture.SwapPlugin(v1!, state) is null, "the schema-1 build did not start");
            t.CreateExternalHost(ExternalNetns, "cse2e-up-h", "cse2e-up-n", HostAddress + "/30", "10.199.7.2/30");
            var net = t.Net(97);
            var network = t.CreateNetwork("up", "--subnet", $"{net}.0/24", "-o", "com.docker.network.bridge.enable_icc=true");
            var web = t.StartWebServer("web", network, "before", "-p", "18797:80");
            var client = t.StartContainer("client", network);
            t.MustFetch(ExternalNetns, $"http://{HostAddress}:18797/", "before");

            var log = LogFile.Length(fixture.Plugin!.StderrPath);
            t.Check(fixture.SwapPlugin(current, state) is null, "this build did not start on the schema-1 state");
            var migrated = LogFile.Tail(fixture.Plugin!.StderrPath, 200, from: log);
            t.Check(migrated.Contains("migrated from schema version 1 to 2", StringComparison.Ordinal), $"no migration was logged:\n{migrated}");

            t.MustFetch(ExternalNetns, $"http://{HostAddress}:18797/", "before");
            t.MustPing(client, web);
            var late = t.StartContainer("late", network);
            t.MustPing(late, web);
            t.MustFetchFromContainer(late, $"http://{HostAddress}:18797/", "before");

            t.RemoveContainer(late);
            t.RemoveContainer(client);
            t.RemoveContainer(web);
            t.RemoveNetwork(network);
            var left = t.LinksAddedSinceStart().Where(l => l != "cse2e-up-h").ToList();
            t.Check(left.Count == 0, $"links left after removing the upgraded network: {string.Join(", ", left)}");
            t.Check(!HostFirewall.CsnetTableText().Contains("18797", StringComparison.Ordinal), $"the published port's rules outlived its container:\n{HostFirewall.CsnetTableText()}");
            t.Passed();
        }
        finally
        {
            var back = fixture.RestoreOriginalPlugin();
            if (back is not null)
            {
                t.Log("the suite's plugin did not come back: " + back);
            }
        }
    }
}
