using Csnet.Tests.Shared;
using Csnet.Plugin.Kernel.Nftables;
using Xunit;

namespace Csnet.Kernel.Tests.Nftables;

/// <summary>
/// csnet's FORWARD accepts after <c>iptables-save | iptables-restore</c> (an admin, or
/// netfilter-persistent at boot): iptables-nft re-creates them with an xtables comment match whose
/// text nft cannot show. Apply must replace them, not duplicate them, and IsIntact must notice them.
/// </summary>
public partial class NftablesFirewallTests
{
    [SkippableFact]
    public void SavedAndRestoredForwardRulesAreReplacedNotDuplicated() => IsolatedNetns.Run(() =>
    {
        SkipWithoutIptablesNft();
        Run(DockerLikeForward);
        using var firewall = SampleRules.Firewall();
        firewall.Apply([Red, Blue]);

        IsolatedNetns.RunInThisNetns("iptables-nft-save | iptables-nft-restore");

        Assert.Empty(ForwardComments(firewall)); // the comments are xt matches now
        Assert.Equal(2, CsnetLines(SaveFilter(), RedComment));
        Assert.False(firewall.IsIntact([Red, Blue]));

        firewall.Apply([Red, Blue]);

        var save = SaveFilter();
        Assert.Equal(2, CsnetLines(save, RedComment));
        Assert.Equal(2, CsnetLines(save, BlueComment));
        Assert.Contains("-A FORWARD -i docker0 -m comment --comment \"not csnet\" -j ACCEPT\n", save);
        Assert.Equal([RedComment, RedComment, BlueComment, BlueComment], ForwardComments(firewall).Order());
        Assert.DoesNotMatch(@"\n\s*[io]ifname ""(br-3f2a9c1e8b7d|csnet-blue)""  counter", Run("list chain ip filter FORWARD"));
        Assert.True(firewall.IsIntact([Red, Blue]));
    });

    [SkippableFact]
    public void RestoredRulesOfACsbrBridgeNoLongerInTheSetAreRemoved() => IsolatedNetns.Run(() =>
    {
        SkipWithoutIptablesNft();
        Run(DockerLikeForward);
        using var firewall = SampleRules.Firewall();
        firewall.Apply([Red]);
        Assert.True(firewall.IsIntact([Red]));

        RestoreNoFlush(
            "-A FORWARD -i csbr-0123456789 -m comment --comment \"csnet:0123456789ab\" -j ACCEPT",
            "-A FORWARD -o csbr-0123456789 -m comment --comment \"csnet:0123456789ab\" -j ACCEPT");

        Assert.False(firewall.IsIntact([Red]));
        firewall.Apply([Red]);
        Assert.DoesNotContain("csbr-", SaveFilter());
        Assert.Equal(2, CsnetLines(SaveFilter(), RedComment));
        Assert.True(firewall.IsIntact([Red]));
    });

    [SkippableFact]
    public void NoNetworksRemovesRestoredRulesToo() => IsolatedNetns.Run(() =>
    {
        SkipWithoutIptablesNft();
        Run(DockerLikeForward);
        using var firewall = SampleRules.Firewall();
        // Without networks only csnet's default bridge names are known as csnet's.
        var red = Red with { Interface = "csbr-3f2a9c1e8b" };
        firewall.Apply([red]);
        IsolatedNetns.RunInThisNetns("iptables-nft-save | iptables-nft-restore");
        RestoreNoFlush("-A FORWARD -o csbr-0123456789 -m comment --comment \"csnet:0123456789ab\" -j ACCEPT");
        Assert.False(firewall.IsIntact([]));

        firewall.Apply([]);

        var save = SaveFilter();
        Assert.DoesNotContain("csnet:", save);
        Assert.DoesNotContain("csbr-", save);
        Assert.DoesNotContain(red.Interface, save);
        Assert.Contains("-A FORWARD -i docker0 -m comment --comment \"not csnet\" -j ACCEPT\n", save);
        Assert.True(firewall.IsIntact([]));
    });

    [SkippableFact]
    public void DockerdLikeXtRulesSurviveApplies() => IsolatedNetns.Run(() =>
    {
        SkipWithoutIptablesNft();
        string[] foreign =
        [
            "-A FORWARD -j DOCKER-USER",
            "-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
            "-A FORWARD -i docker0 -m comment --comment \"docker bridge\" -j ACCEPT",
            // Shapes close to csnet's, on csnet's bridges, that are not csnet's.
            $"-A FORWARD -i {Red.Interface} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
            $"-A FORWARD -i {Red.Interface} -m comment --comment admin -j DROP",
            "-A FORWARD -o csbr-0123456789 -m comment --comment admin -j DOCKER-USER",
            "-A FORWARD -i csbr-0123456789 -o eth0 -m comment --comment admin -j ACCEPT",
            "-A FORWARD -i csbr-+ -m comment --comment admin -j ACCEPT",
            "-A FORWARD -o docker0 -j ACCEPT",
        ];
        IsolatedNetns.RunInThisNetns(
            "printf '%s\\n' '*filter' ':INPUT ACCEPT [0:0]' ':FORWARD DROP [0:0]' ':OUTPUT ACCEPT [0:0]' ':DOCKER-USER - [0:0]' "
            + string.Join(" ", foreign.Select(ShellQuote))
            + $" '-A FORWARD -i {Red.Interface} -m comment --comment \"{RedComment}\" -j ACCEPT' 'COMMIT' | iptables-nft-restore");
        using var firewall = SampleRules.Firewall();

        firewall.Apply([Red]);
        firewall.Apply([Red]);

        var rules = IsolatedNetns.RunInThisNetns("iptables-nft -w -S FORWARD");
        Assert.All(foreign, line => Assert.Contains(line + "\n", rules));
        Assert.Equal(2, CsnetLines(rules, RedComment));
        Assert.True(firewall.IsIntact([Red]));

        firewall.Apply([]);

        rules = IsolatedNetns.RunInThisNetns("iptables-nft -w -S FORWARD");
        Assert.All(foreign, line => Assert.Contains(line + "\n", rules));
        Assert.DoesNotContain("csnet:", rules);
        Assert.True(firewall.IsIntact([]));
    });

    private static void SkipWithoutIptablesNft() =>
        Skip.IfNot(
            (File.Exists("/usr/sbin/iptables-nft-restore") || File.Exists("/sbin/iptables-nft-restore"))
            && (File.Exists("/usr/sbin/iptables-nft-save") || File.Exists("/sbin/iptables-nft-save")),
            "iptables-nft-save/-restore are not installed");

    private static string SaveFilter()
    {
        var save = IsolatedNetns.RunInThisNetns("iptables-nft-save -t filter 2>&1");
        Assert.DoesNotContain("incompatible", save);
        return save;
    }

    private static int CsnetLines(string rules, string comment) =>
        rules.Split('\n').Count(line => line.Contains($"--comment \"{comment}\"", StringComparison.Ordinal));

    // Appends to the filter table as iptables-restore does, keeping what is there.
    private static void RestoreNoFlush(params string[] lines) =>
        IsolatedNetns.RunInThisNetns(
            "printf '%s\\n' '*filter' " + string.Join(" ", lines.Select(ShellQuote)) + " 'COMMIT' | iptables-nft-restore --noflush");

    private static string ShellQuote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
