using System.Text.Json;
using Csnet.E2E.Tests.Harness;
using Xunit.Abstractions;

namespace Csnet.E2E.Tests.Scenarios;

/// <summary>
/// csnetctl against the running plugin, after Docker made a dual-stack network, a published port and
/// two containers: each verb as a table and as JSON. What it shows is what Docker cannot: the bridge,
/// the host link and the published ports of a remote driver's endpoints, and pool usage.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class CsnetctlTests(E2EFixture fixture, ITestOutputHelper output)
{
    [SkippableFact]
    public void LsInspectAndIpamShowTheNetworkItsEndpointsPortsAndPoolsAsTablesAndJson()
    {
        using var t = TestScope.Begin(fixture, output, Drivers.Csnet);
        var network = t.CreateNetwork("ctl", "--subnet", $"{t.Net(71)}.0/24", "--ipv6", "--subnet", "fd71:1::/64");
        var id = t.NetworkId(network);
        var web = t.StartWebServer("web", network, "hello", "-p", "18571:80");
        var webIp = t.ContainerIp(web, network);
        t.StartContainer("other", network);

        var ls = t.Ctl(fixture, 0, "ls");
        t.Check(ls.Contains(id[..12], StringComparison.Ordinal) && ls.Contains($"{t.Net(71)}.0/24", StringComparison.Ordinal) && ls.Contains("fd71:1::/64", StringComparison.Ordinal),
            $"csnetctl ls shows network {id[..12]} with both subnets:\n{ls}");
        using (var json = JsonDocument.Parse(t.Ctl(fixture, 0, "ls", "--json")))
        {
            var mine = json.RootElement.EnumerateArray().Single(n => n.GetProperty("id").GetString() == id);
            t.Check(mine.GetProperty("endpoints").GetInt32() == 2, $"ls --json counts 2 endpoints: {mine}");
            t.Check(mine.GetProperty("hostLink").GetString()!.StartsWith("csbr-", StringComparison.Ordinal), $"ls --json names the bridge: {mine}");
            t.Check(mine.GetProperty("pools").GetArrayLength() == 2, $"ls --json has a pool per family: {mine}");
        }

        t.Check(ls.Contains($"{id[..12]}  {network}", StringComparison.Ordinal), $"csnetctl ls names network {network} (from the Docker API, which csnetctl asks itself):\n{ls}");
        var byName = t.Ctl(fixture, 0, "inspect", network);
        t.Check(byName.Contains($"name      {network}", StringComparison.Ordinal) && byName.Contains(id, StringComparison.Ordinal), $"csnetctl inspect takes the network's name:\n{byName}");
        var inspect = t.Ctl(fixture, 0, "inspect", id[..12]);
        t.Check(inspect.Contains($"{webIp}/24", StringComparison.Ordinal) && inspect.Contains("80/tcp->0.0.0.0:18571", StringComparison.Ordinal),
            $"csnetctl inspect shows the web container's address {webIp} and its published port (what docker port cannot show for csnet):\n{inspect}");
        using (var json = JsonDocument.Parse(t.Ctl(fixture, 0, "inspect", id, "--json")))
        {
            var ports = json.RootElement.GetProperty("endpoints").EnumerateArray().SelectMany(e => e.GetProperty("ports").EnumerateArray()).ToList();
            t.Check(ports.Any(p => p.GetProperty("hostPort").GetInt32() == 18571 && p.GetProperty("containerPort").GetInt32() == 80),
                $"inspect --json lists the published port: {json.RootElement}");
        }

        var ipam = t.Ctl(fixture, 0, "ipam");
        t.Check(ipam.Contains($"{t.Net(71)}.0/24", StringComparison.Ordinal) && ipam.Contains(id[..12], StringComparison.Ordinal),
            $"csnetctl ipam shows the pool and its network:\n{ipam}");
        using (var json = JsonDocument.Parse(t.Ctl(fixture, 0, "ipam", "--json")))
        {
            var pool = json.RootElement.EnumerateArray().Single(p => p.GetProperty("pool").GetString() == $"{t.Net(71)}.0/24");
            // Gateway and two containers.
            t.Check(pool.GetProperty("used").GetUInt64() == 3, $"ipam --json counts the gateway and two containers: {pool}");
        }

        var unknown = t.TryCtl(fixture, "inspect", "ffffffffffff");
        t.Check(unknown.ExitCode == 1 && unknown.Stderr.Contains("no csnet network has an id starting with 'ffffffffffff'", StringComparison.Ordinal),
            $"an unknown network is exit 1 with the reason:\n{unknown}");
        t.Passed();
    }

}
