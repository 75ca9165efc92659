using System.Diagnostics;
using Csnet.E2E.Tests.Harness;
using Xunit.Abstractions;

namespace Csnet.E2E.Tests.Scenarios;

[Collection(E2ECollection.Name)]
public sealed class FirewallHealingTests(E2EFixture fixture, ITestOutputHelper output)
{
    private const string ExternalNetns = "csnet-e2e-heal";
    private const string HostAddress = "10.199.6.1";

    /// <summary>
    /// Someone runs <c>nft flush ruleset</c>: csnet must notice and rebuild its table without being
    /// asked, without duplicates. The flush also wipes dockerd's iptables-nft tables; they are put back
    /// from an iptables-save taken just before (in a finally), so later scenarios see the host as before.
    /// Then the dockerd-style case: only csnet's rules in the FORWARD chain disappear (dockerd
    /// rebuilding its chains) and must come back within 2 s.
    /// Only csnet: Docker's bridge driver does not repair its rules (it rewrites them only on daemon
    /// restart), so there is no reference behaviour to compare.
    /// </summary>
    [SkippableFact]
    public void AfterAFlushedRulesetOrLostForwardRulesThePublishedPortAnswersAgainWithoutDuplicateRules()
    {
        using var t = TestScope.Begin(fixture, output, Drivers.Csnet);
        t.CreateExternalHost(ExternalNetns, "cse2e-heal-h", "cse2e-heal-n", HostAddress + "/30", "10.199.6.2/30");
        var network = t.CreateNetwork("heal", "--subnet", $"{t.Net(69)}.0/24");
        const int port = 18288;
        var url = $"http://{HostAddress}:{port}/";
        t.StartWebServer("web", network, "healed", "-p", $"{port}:80");
        t.MustFetch(ExternalNetns, url, "healed");

        var before = HostFirewall.CsnetRuleCounts();
        t.Log($"csnet rules before the flush: nft {before.Nft}, iptables {before.Iptables}");
        var snapshot = RulesetSnapshot.Take();
        t.Log("saved before flushing: " + snapshot.Describe());

        TimeSpan? healed;
        (int Nft, int Iptables) afterHeal;
        try
        {
            t.HostCommand("nft", "flush", "ruleset");
            healed = UntilAnswering(t, url, TimeSpan.FromSeconds(5));
            afterHeal = HostFirewall.CsnetRuleCounts();
        }
        finally
        {
            var failures = snapshot.Restore();
            t.Log(failures.Count == 0 ? "restored dockerd's iptables tables" : "RESTORE FAILED:\n" + string.Join('\n', failures));
            if (failures.Count > 0)
            {
                t.Fail("could not restore the host ruleset after the flush:\n" + string.Join('\n', failures));
            }
        }
        t.Check(HostState.ReadForwardPolicy() == "DROP", "the iptables FORWARD policy is not DROP again after restoring dockerd's tables");
        t.Log(healed is null ? "csnet did NOT heal within 5 s of nft flush ruleset" : $"HEAL TIME after nft flush ruleset: {healed.Value.TotalMilliseconds:F0} ms");
        t.Check(healed is not null, $"the published port did not answer again within 5 s of 'nft flush ruleset'\n{HostFirewall.CsnetTableText()}");
        t.Check(afterHeal.Nft == before.Nft, $"csnet's table has {afterHeal.Nft} rules after healing, {before.Nft} before the flush\n{HostFirewall.CsnetTableText()}");

        // dockerd's tables are back (with the csnet FORWARD rules they held); csnet may re-apply now, but must not double them.
        var settled = PortPublishingTests.Wait(HostFirewall.CsnetRuleCounts, c => c == before);
        t.Check(settled == before, $"csnet rules after restoring iptables: {settled}, before the flush: {before}\n{string.Join('\n', HostFirewall.IptablesCsnetLines())}");
        t.MustFetch(ExternalNetns, url, "healed");

        var handles = HostFirewall.CsnetForwardRuleHandles();
        t.Check(handles.Count > 0, "no csnet rule in the iptables FORWARD chain to delete");
        foreach (var (family, handle) in handles)
        {
            // Unchecked: csnet's healer may have replaced the rule in between.
            t.HostTry("nft", "delete", "rule", family, "filter", "FORWARD", "handle", handle.ToString());
        }
        var forwardHealed = UntilAnswering(t, url, TimeSpan.FromSeconds(2));
        var counts = PortPublishingTests.Wait(HostFirewall.CsnetRuleCounts, c => c == before);
        t.Log(forwardHealed is null ? "csnet did NOT restore its FORWARD rules within 2 s" : $"HEAL TIME after deleting csnet's FORWARD rules: {forwardHealed.Value.TotalMilliseconds:F0} ms");
        t.Check(forwardHealed is not null, $"the published port did not answer within 2 s of deleting csnet's {handles.Count} FORWARD rule(s)\n{string.Join('\n', HostFirewall.IptablesCsnetLines())}");
        t.Check(counts == before, $"csnet rules after the FORWARD repair: {counts}, before: {before}");
        t.Passed();
    }

    /// <summary>Polls every 200 ms (1 s wget timeout) until the URL answers; the time it took, or null.</summary>
    private static TimeSpan? UntilAnswering(TestScope t, string url, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < limit)
        {
            var r = t.Fetch(ExternalNetns, url, timeoutSeconds: 1, log: false);
            if (r.Succeeded && r.Stdout.Trim() == "healed")
            {
                return watch.Elapsed;
            }
            Thread.Sleep(200);
        }
        return null;
    }
}
