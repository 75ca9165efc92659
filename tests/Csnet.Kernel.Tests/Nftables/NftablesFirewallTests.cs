using Csnet.Tests.Shared;
using System.Net;
using System.Runtime.CompilerServices;
using Csnet.Plugin.Kernel.Nftables;
using Xunit;

namespace Csnet.Kernel.Tests.Nftables;

/// <summary>Applies csnet's rules in throwaway network namespaces and reads back what the kernel holds.</summary>
public partial class NftablesFirewallTests
{
    private static readonly NetworkRules Red = SampleRules.Network(
        "3f2a9c1e8b7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170615243a", "br-3f2a9c1e8b7d", "172.30.0.0/16");

    private static readonly NetworkRules Blue = SampleRules.Network(
        "9b8e7f6a5d4c3b2a19081726354453627180919a0b1c2d3e4f5a6b7c8d9e0f1a", "csnet-blue", "10.20.30.0/24");

    private static readonly NetworkRules Green = SampleRules.Network(
        "5c5c5c5c5c5c1111222233334444555566667777888899990000aaaabbbbcccc", "br-green", "fd00:c5::/64");

    private const string RedComment = "csnet:3f2a9c1e8b7d";
    private const string BlueComment = "csnet:9b8e7f6a5d4c";
    private const string GreenComment = "csnet:5c5c5c5c5c5c";

    // What dockerd leaves behind with iptables-nft: filter FORWARD with policy DROP.
    private const string DockerLikeForward =
        "add table ip filter\n"
        + "add chain ip filter FORWARD { type filter hook forward priority filter; policy drop; }\n"
        + "add rule ip filter FORWARD iifname \"docker0\" counter accept comment \"not csnet\"\n";

    private const string DockerLikeForward6 =
        "add table ip6 filter\n"
        + "add chain ip6 filter FORWARD { type filter hook forward priority filter; policy drop; }\n";

    [SkippableFact]
    public void OneNetworkListsExactlyAsRendered() => IsolatedNetns.Run(() =>
    {
        SampleRules.ApplyOnce([Red]);

        var listing = Run("list table inet csnet");
        Assert.Equal(TableBlock(NetworkRulesRenderer.Render([Red], [])), WithoutCounters(listing));
    });

    [SkippableFact]
    public void TwoNetworksListExactlyAsRendered() => IsolatedNetns.Run(() =>
    {
        SampleRules.ApplyOnce([Red, Blue]);

        var listing = Run("list table inet csnet");
        Assert.Equal(TableBlock(NetworkRulesRenderer.Render([Red, Blue], [])), WithoutCounters(listing));
    });

    [SkippableFact]
    public void GoldenScriptsApplyInAFreshNamespace() => IsolatedNetns.Run(() =>
    {
        var golden = Directory.GetFiles(GoldenDirectory(), "*.nft");
        Assert.NotEmpty(golden);
        foreach (var path in golden)
        {
            var script = File.ReadAllText(path);
            if (script.Contains("delete rule", StringComparison.Ordinal))
            {
                continue; // handles of rules that exist only in the golden scenario
            }
            Run("flush ruleset\n" + DockerLikeForward + DockerLikeForward6);
            Run(script);
            Run(script);
        }
    });

    [SkippableFact]
    public void WithoutHostForwardChainNothingOutsideCsnetTable() => IsolatedNetns.Run(() =>
    {
        using var firewall = SampleRules.Firewall();

        firewall.Apply([Red, Blue]);

        Assert.Equal("table inet csnet\n", Run("list tables"));
        Assert.All(firewall.ListCsnetRules(), r => Assert.Equal(("inet", "csnet"), (r.Family, r.Table)));
    });

    [SkippableFact]
    public void HostForwardChainGetsAcceptRulesOncePerApply() => IsolatedNetns.Run(() =>
    {
        Run(DockerLikeForward);
        using var firewall = SampleRules.Firewall();

        firewall.Apply([Red, Blue]);
        firewall.Apply([Red, Blue]);
        firewall.Apply([Blue, Red]);

        var forward = ForwardComments(firewall);
        Assert.Equal([RedComment, RedComment, BlueComment, BlueComment], forward.Order());
        Assert.Contains("iifname \"docker0\" counter packets 0 bytes 0 accept comment \"not csnet\"", Run("list chain ip filter FORWARD"));
        Assert.Contains("policy drop;", Run("list chain ip filter FORWARD"));
    });

    [SkippableFact]
    public void RemovedNetworkLosesItsRulesEverywhere() => IsolatedNetns.Run(() =>
    {
        Run(DockerLikeForward);
        using var firewall = SampleRules.Firewall();
        firewall.Apply([Red, Blue]);

        firewall.Apply([Red]);

        Assert.DoesNotContain(firewall.ListCsnetRules(), r => r.Comment == BlueComment);
        Assert.Equal([RedComment, RedComment], ForwardComments(firewall));
        Assert.DoesNotContain(Blue.Interface, Run("list ruleset"));
    });

    [SkippableFact]
    public void NoNetworksRemovesCsnetTableAndForwardRules() => IsolatedNetns.Run(() =>
    {
        Run(DockerLikeForward);
        using var firewall = SampleRules.Firewall();
        firewall.Apply([Red, Blue]);

        firewall.Apply([]);
        firewall.Apply([]);

        Assert.Empty(firewall.ListCsnetRules());
        Assert.Equal("table ip filter\n", Run("list tables"));
        Assert.Contains("comment \"not csnet\"", Run("list chain ip filter FORWARD"));
    });

    [SkippableFact]
    public void HandEditedCsnetRulesAreRepaired() => IsolatedNetns.Run(() =>
    {
        Run(DockerLikeForward);
        using var firewall = SampleRules.Firewall();
        firewall.Apply([Red]);
        var before = Run("list ruleset");
        Run("flush chain inet csnet postrouting\n"
            + $"add rule ip filter FORWARD iifname \"{Red.Interface}\" counter accept comment \"{RedComment}\"");

        firewall.Apply([Red]);

        Assert.Equal(WithoutHandles(before), WithoutHandles(Run("list ruleset")));
    });

    [SkippableFact]
    public void IptablesSaveReadsCsnetForwardRules() => IsolatedNetns.Run(() =>
    {
        Skip.IfNot(File.Exists("/usr/sbin/iptables-nft-save") || File.Exists("/sbin/iptables-nft-save"), "iptables-nft-save is not installed");
        Run(DockerLikeForward + DockerLikeForward6);
        using var firewall = SampleRules.Firewall();
        firewall.Apply([Red, Blue, Green]);

        var save = IsolatedNetns.RunInThisNetns("iptables-nft-save -t filter 2>&1");
        var save6 = IsolatedNetns.RunInThisNetns("ip6tables-nft-save -t filter 2>&1");

        Assert.DoesNotContain("incompatible", save);
        Assert.Contains(":FORWARD DROP", save);
        Assert.Contains($"-A FORWARD -i {Red.Interface} -m comment --comment \"{RedComment}\" -j ACCEPT\n", save);
        Assert.Contains($"-A FORWARD -o {Red.Interface} -m comment --comment \"{RedComment}\" -j ACCEPT\n", save);
        Assert.Contains($"-A FORWARD -o {Blue.Interface} -m comment --comment \"{BlueComment}\" -j ACCEPT\n", save);
        Assert.DoesNotContain("incompatible", save6);
        Assert.Contains($"-A FORWARD -i {Green.Interface} -m comment --comment \"{GreenComment}\" -j ACCEPT\n", save6);
    });

    [SkippableFact]
    public void IptablesCanStillEditForwardAndCsnetKeepsItsHandsOff() => IsolatedNetns.Run(() =>
    {
        Skip.IfNot(File.Exists("/usr/sbin/iptables-nft") || File.Exists("/sbin/iptables-nft"), "iptables-nft is not installed");
        Run(DockerLikeForward);
        using var firewall = SampleRules.Firewall();
        firewall.Apply([Red]);

        // What dockerd does at start: insert its jumps into FORWARD with iptables. Older dockerd also
        // appends xt matches (conntrack) there, which the JSON listing must cope with.
        IsolatedNetns.RunInThisNetns(
            "iptables-nft -w -N DOCKER-USER && iptables-nft -w -I FORWARD -j DOCKER-USER"
            + " && iptables-nft -w -A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
        firewall.Apply([Red, Blue]);

        var rules = IsolatedNetns.RunInThisNetns("iptables-nft -w -S FORWARD");
        Assert.StartsWith("-P FORWARD DROP\n-A FORWARD -j DOCKER-USER\n", rules);
        Assert.Contains("-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n", rules);
        Assert.Contains($"-A FORWARD -i {Blue.Interface} -m comment --comment \"{BlueComment}\" -j ACCEPT", rules);
        Assert.Equal(4, rules.Split('\n').Count(line => line.Contains("csnet:", StringComparison.Ordinal)));
    });

    private static readonly NetworkRules RedPublished = Red.WithPorts(
            Red.Map("e1e1e1e1e1e1f0f0", PortMapping.Tcp, 8080, "172.30.0.2", 80),
            Red.Map("d2d2d2d2d2d2f0f0", PortMapping.Udp, 53, "172.30.0.3", 5353, IPAddress.Parse("192.168.1.10")),
            Red.Map("d2d2d2d2d2d2f0f0", PortMapping.Sctp, 9000, "172.30.0.3", 9000, IPAddress.Loopback))
        .WithV4(f => f with { SnatAddress = IPAddress.Parse("192.168.1.10") }) with { DropBetweenPorts = true };

    private static readonly NetworkRules GreenPublished = Green.WithPorts(Green.Map("c3c3c3c3c3c3", PortMapping.Tcp, 8443, "fd00:c5::2", 443));

    [SkippableFact]
    public void PublishedPortsListExactlyAsRendered() => IsolatedNetns.Run(() =>
    {
        SampleRules.ApplyOnce([RedPublished, Blue, GreenPublished]);

        var listing = Run("list table inet csnet");
        Assert.Equal(TableBlock(NetworkRulesRenderer.Render([RedPublished, Blue, GreenPublished], [])), WithoutCounters(listing));
    });

    [SkippableFact]
    public void RejectedScriptChangesNothingAndCarriesLibraryMessage() => IsolatedNetns.Run(() =>
    {
        using var nft = NftContext.Open();

        var e = Assert.Throws<NftablesException>(() =>
            nft.Run("add table inet csnet_half\nadd rule inet csnet_missing nochain accept", "apply half a script"));

        Assert.Equal("apply half a script", e.Operation);
        Assert.Contains("No such file or directory", e.LibraryMessage);
        Assert.Equal("", nft.Run("list tables", "list tables"));
    });

    internal static string Run(string script)
    {
        using var nft = NftContext.Open();
        return nft.Run(script, "test script");
    }

    private static List<string?> ForwardComments(NftablesFirewall firewall) =>
        firewall.ListCsnetRules().Where(r => r.Table == "filter").Select(r => r.Comment).ToList();

    // The listing's table block in the same shape as the rendered script: no counter values, no
    // blank line between chains.
    private static string WithoutCounters(string listing) =>
        string.Join("\n", listing.Split('\n')
            .Where(line => line.Length > 0)
            .Select(line => line.Replace("counter packets 0 bytes 0", "counter", StringComparison.Ordinal))) + "\n";

    private static string WithoutHandles(string listing) =>
        System.Text.RegularExpressions.Regex.Replace(listing, @"counter packets \d+ bytes \d+", "counter");

    private static string TableBlock(string script) => script[script.IndexOf("table inet csnet {", StringComparison.Ordinal)..];

    private static string GoldenDirectory([CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "../../Csnet.Plugin.Tests/Kernel/Nftables/Golden"));
}
