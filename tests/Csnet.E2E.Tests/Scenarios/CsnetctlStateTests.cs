using System.Text.Json;
using Csnet.E2E.Tests.Harness;
using Xunit.Abstractions;

namespace Csnet.E2E.Tests.Scenarios;

/// <summary>
/// A host move in small: csnetctl state export from the running plugin, state import into a fresh
/// state folder, and csnet started on that folder lists the same networks and pools, and its network
/// still carries traffic. The suite's own plugin and state come back afterwards.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class CsnetctlStateTests(E2EFixture fixture, ITestOutputHelper output)
{
    [SkippableFact]
    public void ExportThenImportIntoAFreshStateFolder_CsnetThereListsTheSameNetworksAndPools()
    {
        using var t = TestScope.Begin(fixture, output, Drivers.Csnet);
        var network = t.CreateNetwork("st", "--subnet", $"{t.Net(74)}.0/24", "--ipv6", "--subnet", "fd74:1::/64");
        var a = t.StartContainer("a", network);
        var b = t.StartContainer("b", network);
        var bIp = t.ContainerIp(b, network);
        var executable = fixture.Plugin!.Executable;
        var file = Path.Combine(fixture.Root, $"csnet-export-{t.Id}.json");
        var fresh = Path.Combine(fixture.Root, $"state-import-{t.Id}");

        t.Ctl(fixture, 0, "state", "export", "-o", file);
        using (var json = JsonDocument.Parse(File.ReadAllText(file)))
            t.Check(json.RootElement.GetProperty("format").GetString() == "csnet-state", $"the export is a csnet-state file:\n{File.ReadAllText(file)[..Math.Min(400, (int)new FileInfo(file).Length)]}");
        var ls = t.Ctl(fixture, 0, "ls");
        var ipam = t.Ctl(fixture, 0, "ipam");
        var imported = t.HostTry(executable, "ctl", "state", "import", file, "--state-dir", fresh);
        t.Check(imported.ExitCode == 0, $"state import into a fresh folder:\n{imported}");
        var again = t.HostTry(executable, "ctl", "state", "import", file, "--state-dir", fresh);
        t.Check(again.ExitCode == 1 && again.Stderr.Contains("--force", StringComparison.Ordinal), $"a second import into the now full folder is refused, naming --force:\n{again}");
        try
        {
            t.Check(fixture.SwapPlugin(executable, fresh) is null, "csnet did not start on the imported state");
            var lsThere = t.Ctl(fixture, 0, "ls");
            t.Check(lsThere == ls, $"csnetctl ls on the imported state differs:\nbefore:\n{ls}\nafter:\n{lsThere}");
            t.Check(t.Ctl(fixture, 0, "ipam") == ipam, "csnetctl ipam on the imported state differs");
            t.MustPing(a, bIp);
        }
        finally
        {
            var back = fixture.RestoreOriginalPlugin();
            if (back is not null)
                t.Log("the suite's plugin did not come back: " + back);
        }
        t.Check(t.Ctl(fixture, 0, "ls") == ls, "the suite's own plugin lists the same again");
        t.Passed();
    }

}
