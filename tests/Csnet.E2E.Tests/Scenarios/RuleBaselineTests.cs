using Csnet.E2E.Tests.Harness;
using Xunit.Abstractions;

namespace Csnet.E2E.Tests.Scenarios;

[Collection(E2ECollection.Name)]
public sealed class RuleBaselineTests(E2EFixture fixture, ITestOutputHelper output)
{
    /// <summary>
    /// Networks with published ports and every option, then everything removed: no rule may still
    /// name them. csnet: no rule commented with their ids, and with no csnet network left at all,
    /// no csnet rule in iptables and none in its table. Bridge (reference): no iptables rule mentions
    /// their bridges or subnets.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(Drivers.All), MemberType = typeof(Drivers))]
    public void AfterAllNetworksAreRemovedNoRuleOfThemIsLeft(string driver)
    {
        using var t = TestScope.Begin(fixture, output, driver);
        var plain = t.CreateNetwork("plain", "--subnet", $"{t.Net(68)}.0/24");
        var noIcc = t.CreateNetwork("noicc", "--subnet", $"{t.Net(67)}.0/24", "-o", "com.docker.network.bridge.enable_icc=false");
        var networks = new[] { plain, noIcc };
        var ids = networks.Select(t.NetworkId).ToList();
        var subnets = networks.Select(t.NetworkSubnet).ToList();
        var port = t.IsCsnet ? 18289 : 18189;
        var web = t.StartWebServer("web", plain, "x", "-p", $"{port}:80", "-p", "80");
        var other = t.StartWebServer("other", noIcc, "y", "-p", $"{port + 1}:80");

        t.RemoveContainer(web);
        t.RemoveContainer(other);
        foreach (var network in networks)
        {
            t.RemoveNetwork(network);
        }

        if (t.IsCsnet)
        {
            var left = PortPublishingTests.Wait(() => HostFirewall.RulesNaming(ids), l => l.Count == 0);
            t.Check(left.Count == 0, $"rules of removed networks are left:\n{string.Join('\n', left)}");
            var csnetNetworks = t.Must("network", "ls", "-q", "--filter", "driver=csnet").Stdout.Trim();
            if (csnetNetworks.Length == 0)
            {
                var counts = PortPublishingTests.Wait(HostFirewall.CsnetRuleCounts, c => c == (0, 0));
                t.Check(counts == (0, 0), $"no csnet network exists, yet csnet rules are left (nft table, iptables): {counts}\n{HostFirewall.CsnetTableText()}\n{string.Join('\n', HostFirewall.IptablesCsnetLines())}");
            }
            else
            {
                t.Log($"other csnet networks still exist ({csnetNetworks.Replace('\n', ' ')}); only this scenario's rules were checked");
            }
        }
        else
        {
            var bridges = ids.Select(id => "br-" + id[..12]).ToList();
            var left = PortPublishingTests.Wait(
                () => HostFirewall.IptablesSaveLines().Where(l => bridges.Concat(subnets).Any(s => l.Contains(s, StringComparison.Ordinal))).ToList(),
                l => l.Count == 0);
            t.Check(left.Count == 0, $"iptables rules of removed networks are left:\n{string.Join('\n', left)}");
        }
        t.Passed();
    }
}
