using Csnet.Tests.Shared;
using Csnet.Plugin.Kernel.Nftables;
using Xunit;

namespace Csnet.Kernel.Tests.Nftables;

/// <summary>The self-repair check: what breaks the ruleset is noticed, and nothing else is.</summary>
public partial class NftablesFirewallTests
{
    [SkippableFact]
    public void IsIntactIsStableWhileNothingChanges() => IsolatedNetns.Run(() =>
    {
        Run(DockerLikeForward + DockerLikeForward6);
        using var firewall = SampleRules.Firewall();
        NetworkRules[] networks = [RedPublished, Blue, GreenPublished];

        firewall.Apply(networks);

        for (int i = 0; i < 5; i++)
        {
            Assert.True(firewall.IsIntact(networks));
        }
        Assert.True(firewall.IsIntact([GreenPublished, Blue, RedPublished]));
        Assert.False(firewall.IsIntact([RedPublished, Blue]));
        Assert.False(firewall.IsIntact([Red, Blue, GreenPublished]));
    });

    [SkippableFact]
    public void IsIntactNoticesFlushedRuleset() => IsolatedNetns.Run(() =>
    {
        Run(DockerLikeForward);
        using var firewall = SampleRules.Firewall();
        firewall.Apply([RedPublished, Blue]);

        Run("flush ruleset");

        Assert.False(firewall.IsIntact([RedPublished, Blue]));
        firewall.Apply([RedPublished, Blue]);
        Assert.True(firewall.IsIntact([RedPublished, Blue]));
    });

    [SkippableFact]
    public void IsIntactNoticesEachDeletedRule() => IsolatedNetns.Run(() =>
    {
        Run(DockerLikeForward);
        using var firewall = SampleRules.Firewall();
        NetworkRules[] networks = [RedPublished, Blue];
        firewall.Apply(networks);
        var rules = firewall.ListCsnetRules();
        Assert.Equal(NetworkRulesRenderer.ExpectedRules(networks, [NftFamily.Ip]).Count, rules.Count);

        foreach (var rule in rules)
        {
            Run($"delete rule {rule.Family} {rule.Table} {rule.Chain} handle {firewall.ListCsnetRules().First(r => r.Key == rule.Key).Handle}");
            Assert.False(firewall.IsIntact(networks), $"deleting a rule in {rule.Family} {rule.Table} {rule.Chain} ({rule.Comment}) went unnoticed");
            firewall.Apply(networks);
            Assert.True(firewall.IsIntact(networks));
        }
    });

    [SkippableFact]
    public void IsIntactNoticesRuleChangedInPlace() => IsolatedNetns.Run(() =>
    {
        using var firewall = SampleRules.Firewall();
        firewall.Apply([RedPublished]);
        var dnat = firewall.ListCsnetRules().First(r => r.Chain == NetworkRulesRenderer.PreroutingChain && r.Expression.Contains("8080", StringComparison.Ordinal));

        Run($"replace rule inet csnet prerouting handle {dnat.Handle} meta nfproto ipv4 fib daddr type local tcp dport 8080 counter dnat ip to 172.30.0.99:80 comment \"{dnat.Comment}\"");

        Assert.False(firewall.IsIntact([RedPublished]));
        firewall.Apply([RedPublished]);
        Assert.True(firewall.IsIntact([RedPublished]));
    });

    [SkippableFact]
    public void IsIntactIsFalseForOtherMappingsAndForAnInstanceThatHasNotApplied() => IsolatedNetns.Run(() =>
    {
        using var firewall = SampleRules.Firewall();
        firewall.Apply([RedPublished]);
        var moved = RedPublished.WithV4(f => f with { Ports = [.. f.Ports.Select(p => p with { HostPort = p.HostPort + 1 })] });

        Assert.False(firewall.IsIntact([moved]));
        using (var fresh = SampleRules.Firewall())
            Assert.False(fresh.IsIntact([RedPublished]));
        Assert.True(firewall.IsIntact([RedPublished]));
    });

    [SkippableFact]
    public void IsIntactIgnoresCounters() => IsolatedNetns.Run(() =>
    {
        using var firewall = SampleRules.Firewall();
        firewall.Apply([RedPublished]);

        // Loopback traffic to the published port passes nat output and bumps its counter.
        IsolatedNetns.RunInThisNetns("ip link set lo up; timeout 2 bash -c 'exec 3<>/dev/tcp/127.0.0.1/8080' 2>/dev/null; true");

        Assert.Matches(@"counter packets [1-9]", Run("list chain inet csnet output"));
        Assert.True(firewall.IsIntact([RedPublished]));
    });

    [SkippableFact]
    public void IsIntactNoticesForwardRebuiltByDockerd() => IsolatedNetns.Run(() =>
    {
        Run(DockerLikeForward);
        using var firewall = SampleRules.Firewall();
        firewall.Apply([RedPublished]);

        Run("flush chain ip filter FORWARD\n" + "add rule ip filter FORWARD iifname \"docker0\" counter accept comment \"not csnet\"");

        Assert.False(firewall.IsIntact([RedPublished]));
        firewall.Apply([RedPublished]);
        Assert.True(firewall.IsIntact([RedPublished]));
    });

    [SkippableFact]
    public void IsIntactNoticesForwardChainAppearingAndIgnoresOtherRules() => IsolatedNetns.Run(() =>
    {
        using var firewall = SampleRules.Firewall();
        firewall.Apply([RedPublished]);
        Assert.True(firewall.IsIntact([RedPublished]));

        Run(DockerLikeForward);

        Assert.False(firewall.IsIntact([RedPublished]));
        firewall.Apply([RedPublished]);
        Run("add rule ip filter FORWARD oifname \"docker0\" counter accept\n"
            + "add table ip nat\nadd chain ip nat POSTROUTING { type nat hook postrouting priority srcnat; }\n"
            + "add rule ip nat POSTROUTING oifname \"eth9\" masquerade comment \"csnet-lookalike\"");
        Assert.True(firewall.IsIntact([RedPublished]));
    });

    [SkippableFact]
    public void IsIntactNoticesForeignRuleAndMissingChainInCsnetTable() => IsolatedNetns.Run(() =>
    {
        using var firewall = SampleRules.Firewall();
        firewall.Apply([Red]);

        Run("add rule inet csnet forward counter accept");
        Assert.False(firewall.IsIntact([Red]));

        firewall.Apply([Red]);
        Run("delete chain inet csnet output");
        Assert.False(firewall.IsIntact([Red]));
    });

    [SkippableFact]
    public void IsIntactWithoutNetworksMeansNoCsnetTable() => IsolatedNetns.Run(() =>
    {
        Run(DockerLikeForward);
        using var firewall = SampleRules.Firewall();
        firewall.Apply([Red]);
        Assert.False(firewall.IsIntact([]));

        firewall.Apply([]);

        Assert.True(firewall.IsIntact([]));
        Assert.False(firewall.IsIntact([Red]));
    });
}
