using System.Text.Json;
using Csnet.E2E.Tests.Harness;
using Xunit.Abstractions;

namespace Csnet.E2E.Tests.Scenarios;

/// <summary>
/// csnetctl doctor and the metrics against the running plugin, with a dual-stack macvlan network on a
/// LAN and a bridge network: ls and inspect show both modes; doctor is healthy, finds a parent the test
/// takes down and a rule it deletes, and is healthy again after the repair; /metrics, scraped over
/// the socket and read with the Prometheus client library's own text-format parser, moves with them.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class CsnetctlDoctorTests(E2EFixture fixture, ITestOutputHelper output)
{
    // Debian's python3-prometheus-client (install-deps.sh): the reference parser of the text format.
    private const string Python = "/usr/bin/python3";
    private const string ParseMetrics = """
        import json, sys
        from prometheus_client.parser import text_string_to_metric_families
        samples = []
        for family in text_string_to_metric_families(sys.stdin.read()):
            for s in family.samples:
                samples.append({"type": family.type, "name": s.name, "labels": s.labels, "value": s.value})
        print(json.dumps(samples))
        """;

    [SkippableFact]
    public void DoctorFindsADownedParentAndADeletedRuleThenNone_MetricsMove_LsAndInspectShowBothModes()
    {
        using var t = TestScope.Begin(fixture, output, Drivers.Csnet);
        var net = t.Net(72);
        var lan = t.CreateLan("doc", $"{net}.1/24");
        var macvlan = t.CreateMacvlanNetwork("docmv", lan.Parent, "--subnet", $"{net}.0/24", "--gateway", $"{net}.1", "--ipv6", "--subnet", "fd72:1::/64");
        var macvlanId = t.NetworkId(macvlan);
        var mc = t.StartContainer("mc", macvlan);
        var bridge = t.CreateNetwork("docbr", "--subnet", $"{t.Net(73)}.0/24");
        var bridgeId = t.NetworkId(bridge);
        var before = Scrape(t);
        t.StartContainer("bc", bridge);

        // Both modes, both families, as tables and as JSON.
        var ls = t.Ctl(fixture, 0, "ls");
        var rows = ls.Split('\n').ToList();
        var row = rows.FindIndex(l => l.StartsWith(macvlanId[..12], StringComparison.Ordinal));
        t.Check(row > 0 && rows[row].Contains($"  {macvlan}  macvlan  {net}.0/24  ", StringComparison.Ordinal) && rows[row].Contains($"  {lan.Parent} ", StringComparison.Ordinal)
            && rows[row + 1].TrimStart().StartsWith("fd72:1::/64", StringComparison.Ordinal) && rows.All(l => l.Length <= 100),
            $"csnetctl ls shows the dual-stack macvlan network {macvlan} on {lan.Parent}, a row per subnet, within 100 columns:\n{ls}");
        using (var json = JsonDocument.Parse(t.Ctl(fixture, 0, "ls", "--json")))
        {
            var mine = json.RootElement.EnumerateArray().Single(n => n.GetProperty("id").GetString() == macvlanId);
            t.Check(mine.GetProperty("mode").GetString() == "macvlan" && mine.GetProperty("hostLink").GetString() == lan.Parent
                && mine.GetProperty("ipv6").GetBoolean() && mine.GetProperty("subnets").GetArrayLength() == 2, $"ls --json: {mine}");
        }
        var mcIp = t.ContainerIp(mc, macvlan);
        var inspect = t.Ctl(fixture, 0, "inspect", macvlanId[..12]);
        t.Check(inspect.Contains($"{mcIp}/24", StringComparison.Ordinal), $"csnetctl inspect shows the macvlan container's {mcIp}:\n{inspect}");
        using (var json = JsonDocument.Parse(t.Ctl(fixture, 0, "inspect", macvlanId, "--json")))
        {
            var endpoint = json.RootElement.GetProperty("endpoints").EnumerateArray().Single();
            var addresses = endpoint.GetProperty("addresses").EnumerateArray().Select(a => a.GetString()!).ToList();
            t.Check(addresses.Contains($"{mcIp}/24") && addresses.Any(a => a.StartsWith("fd72:1::", StringComparison.Ordinal)),
                $"inspect --json has both of the endpoint's addresses: {endpoint}");
        }

        var ipam = t.Ctl(fixture, 0, "ipam");
        t.Check(ipam.Contains("fd72:1::/64", StringComparison.Ordinal) && ipam.Contains($"{net}.0/24", StringComparison.Ordinal), $"csnetctl ipam shows both of the macvlan network's pools:\n{ipam}");
        using (var json = JsonDocument.Parse(t.Ctl(fixture, 0, "ipam", "--json")))
        {
            var pool = json.RootElement.EnumerateArray().Single(p => p.GetProperty("pool").GetString() == "fd72:1::/64");
            t.Check(pool.GetProperty("networkId").GetString() == macvlanId && pool.GetProperty("used").GetUInt64() == 2, $"ipam --json: the IPv6 pool holds the gateway and the container: {pool}");
        }

        var healthy = t.Ctl(fixture, 0, "doctor");
        t.Check(healthy.Contains($"network {macvlanId[..12]}  parent {lan.Parent} up", StringComparison.Ordinal), $"doctor checks the macvlan parent:\n{healthy}");

        // A parent that is down cuts the containers off; csnet does not raise a link it did not make.
        t.HostCommand("ip", "link", "set", lan.Parent, "down");
        var down = t.Ctl(fixture, 1, "doctor");
        t.Check(down.Contains($"PROBLEM  network {macvlanId[..12]}  parent {lan.Parent} is down", StringComparison.Ordinal)
            && down.Contains($"fix: ip link set {lan.Parent} up", StringComparison.Ordinal), $"doctor names the downed parent and the fix:\n{down}");
        using (var json = JsonDocument.Parse(t.Ctl(fixture, 1, "doctor", "--json")))
        {
            var finding = json.RootElement.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("check").GetString() == $"network {macvlanId[..12]}");
            t.Check(finding.GetProperty("severity").GetString() == "problem", $"doctor --json: {finding}");
        }
        t.HostCommand("ip", "link", "set", lan.Parent, "up");
        t.Ctl(fixture, 0, "doctor");

        // A deleted rule: the healer puts it back within half a second, and csnetctl's own start (a
        // JIT build here, 0.3-0.9 s on a loaded machine) is longer than that. So the deletion is
        // followed at once by the doctor route itself (curl, a few ms), repeated at most 20 times
        // until doctor has run between the deletion and the repair.
        string? damaged = null;
        for (var attempt = 0; attempt < 20 && damaged is null; attempt++)
        {
            var rule = HostFirewall.CsnetRules().First();
            t.HostTry("nft", "delete", "rule", "inet", HostFirewall.CsnetTable, rule.GetProperty("chain").GetString()!, "handle", rule.GetProperty("handle").GetUInt64().ToString());
            var answer = t.HostTry("curl", "-sS", "--max-time", "10", "--unix-socket", PluginProcess.SocketPath, "http://csnet/csnet/v1/doctor");
            using var json = JsonDocument.Parse(answer.Stdout);
            var firewall = json.RootElement.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("check").GetString() == "firewall");
            if (firewall.GetProperty("severity").GetString() == "problem")
                damaged = firewall.ToString();
        }
        t.Log($"doctor's firewall finding right after the deletion: {damaged}");
        t.Check(damaged is not null && damaged.Contains("a rule is missing", StringComparison.Ordinal), "doctor never saw the deleted rule in 20 tries");
        t.Converges("doctor finds no problem after the healer's repair", TimeSpan.FromSeconds(10), () =>
        {
            var result = t.TryCtl(fixture, "doctor");
            return result.ExitCode == 0 ? null : result.Stdout;
        });
        var healed = t.Ctl(fixture, 0, "doctor");
        t.Check(healed.Contains("warning  firewall", StringComparison.Ordinal) && healed.Contains("something removed them", StringComparison.Ordinal),
            $"after the repair doctor warns that the rules had to be put back:\n{healed}");

        // A repair by reconcile: the bridge deleted under the network is rebuilt.
        string bridgeLink;
        using (var json = JsonDocument.Parse(t.Ctl(fixture, 0, "ls", "--json")))
            bridgeLink = json.RootElement.EnumerateArray().Single(n => n.GetProperty("id").GetString() == bridgeId).GetProperty("hostLink").GetString()!;
        var rebuilt = Sum(Scrape(t), "csnet_reconcile_repairs_total", ("kind", "bridge_rebuilt"));
        t.HostCommand("ip", "link", "del", bridgeLink);
        t.Converges("csnet_reconcile_repairs_total{kind=bridge_rebuilt} moves after the bridge is deleted", TimeSpan.FromSeconds(20), () =>
            Sum(Scrape(t), "csnet_reconcile_repairs_total", ("kind", "bridge_rebuilt")) > rebuilt ? null : $"still {rebuilt}");

        // The same story in the metrics, parsed by prometheus_client.
        var after = Scrape(t);
        t.Check(Sum(after, "csnet_request_duration_seconds_count", ("method", "NetworkDriver.CreateEndpoint"), ("outcome", "ok"))
            >= Sum(before, "csnet_request_duration_seconds_count", ("method", "NetworkDriver.CreateEndpoint"), ("outcome", "ok")) + 1,
            "csnet_request_duration_seconds_count{method=NetworkDriver.CreateEndpoint,outcome=ok} moved");
        t.Check(after.Any(s => s.Name == "csnet_request_duration_seconds_bucket" && s.Type == "histogram" && s.Labels.ContainsKey("le")),
            "the request durations are a histogram with buckets");
        t.Check(Sum(after, "csnet_firewall_heals_total") >= Sum(before, "csnet_firewall_heals_total") + 1, "csnet_firewall_heals_total moved after the deleted rule");
        t.Check(Sum(after, "csnet_network_endpoints", ("network", bridgeId[..12])) == 1 && Sum(after, "csnet_network_endpoints", ("network", macvlanId[..12])) == 1,
            "csnet_network_endpoints counts one endpoint on each network");
        t.Check(Sum(after, "csnet_ipam_pool_used_addresses", ("pool", $"{t.Net(73)}.0/24")) == 2, "csnet_ipam_pool_used_addresses: the bridge's gateway and container");
        // The loopback TCP address serves the same metrics, and nothing else.
        var tcp = t.HostCommand("curl", "-sS", "--max-time", "10", $"http://{E2EFixture.MetricsAddress}/metrics").Stdout;
        t.Check(tcp.Contains("# TYPE csnet_request_duration_seconds histogram", StringComparison.Ordinal), $"/metrics on {E2EFixture.MetricsAddress}:\n{tcp[..Math.Min(300, tcp.Length)]}");
        var activate = t.HostTry("curl", "-sS", "--max-time", "10", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", $"http://{E2EFixture.MetricsAddress}/Plugin.Activate");
        t.Check(activate.Stdout.Trim() == "404", $"Docker's protocol is not served on the metrics address: {activate}");
        t.Check(after.Count(s => s.Name == "csnet_reconcile_repairs_total") >= 13 && after.Any(s => s.Name == "csnet_build_info" && s.Value == 1),
            "every repair kind is exported (0 until it happens), and the build");
        t.Passed();
    }


    private static List<Sample> Scrape(TestScope t)
    {
        var text = t.HostCommand("curl", "-sS", "--max-time", "10", "--unix-socket", PluginProcess.SocketPath, "http://csnet/metrics").Stdout;
        var parsed = t.HostCommandWithInput(text, Python, "-c", ParseMetrics).Stdout;
        using var json = JsonDocument.Parse(parsed);
        return [.. json.RootElement.EnumerateArray().Select(s => new Sample(
            s.GetProperty("type").GetString()!, s.GetProperty("name").GetString()!,
            s.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
            s.GetProperty("value").GetDouble()))];
    }

    private static double Sum(List<Sample> samples, string name, params (string Key, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Sum(s => s.Value);

    private sealed record Sample(string Type, string Name, Dictionary<string, string> Labels, double Value);
}
