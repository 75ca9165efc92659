using Csnet.Plugin.Kernel.Nftables;
using Xunit;

namespace Csnet.Plugin.Tests.Kernel.Nftables;

public class RestoredForwardRuleTests
{
    private static readonly IReadOnlySet<string> Bridges = new HashSet<string> { "br-3f2a9c1e8b7d", "csnet-blue" };

    // What the bridge mode names its own bridges.
    private static readonly string[] Owned = ["csbr-"];

    // Recorded from nft 1.0.6 (nft -j -a list chain ip filter FORWARD) after iptables-restore (1.8.9,
    // nf_tables) of: -i br-x -m comment --comment "csnet:abc" -j ACCEPT;
    // -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT.
    private const string Restored = """
        {"nftables": [{"metainfo": {"version": "1.0.6", "release_name": "Lester Gooch #5", "json_schema_version": 1}}, {"chain": {"family": "ip", "table": "filter", "name": "FORWARD", "handle": 1, "type": "filter", "hook": "forward", "prio": 0, "policy": "drop"}}, {"rule": {"family": "ip", "table": "filter", "chain": "FORWARD", "handle": 2, "expr": [{"match": {"op": "==", "left": {"meta": {"key": "iifname"}}, "right": "br-x"}}, {"xt": {"type": "match", "name": "comment"}}, {"counter": {"packets": 5, "bytes": 300}}, {"accept": null}]}}, {"rule": {"family": "ip", "table": "filter", "chain": "FORWARD", "handle": 4, "expr": [{"match": {"op": "==", "left": {"meta": {"key": "oifname"}}, "right": "docker0"}}, {"xt": {"type": "match", "name": "conntrack"}}, {"counter": {"packets": 0, "bytes": 0}}, {"accept": null}]}}]}
        """;

    private const string Iif = """{"match": {"op": "==", "left": {"meta": {"key": "iifname"}}, "right": "NAME"}}""";
    private const string Oif = """{"match": {"op": "==", "left": {"meta": {"key": "oifname"}}, "right": "NAME"}}""";
    private const string XtComment = """{"xt": {"type": "match", "name": "comment"}}""";
    private const string Counter = """{"counter":{}}""";
    private const string Accept = """{"accept": null}""";

    private static InstalledRule Rule(string name, params string[] expressions) =>
        new("ip", "filter", "FORWARD", 2, null, "[" + string.Join(", ", expressions).Replace("NAME", name, StringComparison.Ordinal) + "]");

    [Fact]
    public void IsCsnetAccept_RecordedListing_OnlyTheRestoredCsnetRuleOfAKnownBridge()
    {
        var rules = NftJsonListing.Rules(Restored);

        Assert.Equal([true, false], rules.Select(r => RestoredForwardRule.IsCsnetAccept(r, new HashSet<string> { "br-x" }, Owned)));
        Assert.Equal([false, false], rules.Select(r => RestoredForwardRule.IsCsnetAccept(r, Bridges, Owned)));
    }

    [Theory]
    [InlineData("br-3f2a9c1e8b7d")]
    [InlineData("csnet-blue")]
    [InlineData("csbr-0123456789")]
    [InlineData("csbr-gone")]
    public void IsCsnetAccept_CsnetShapeOnCsnetBridge_True(string bridge)
    {
        Assert.True(RestoredForwardRule.IsCsnetAccept(Rule(bridge, Iif, XtComment, Counter, Accept), Bridges, Owned));
        Assert.True(RestoredForwardRule.IsCsnetAccept(Rule(bridge, Oif, XtComment, Counter, Accept), Bridges, Owned));
        Assert.True(RestoredForwardRule.IsCsnetAccept(Rule(bridge, Iif, XtComment, Accept), Bridges, Owned));
    }

    public static TheoryData<string, string[]> NotCsnet => new()
    {
        { "docker0", [Iif, XtComment, Counter, Accept] },                         // another bridge
        { "br-other", [Oif, XtComment, Counter, Accept] },
        { "csbr-", [Iif, XtComment, Counter, Accept] },                           // the bare prefix
        { "csbr-*", [Iif, XtComment, Counter, Accept] },                          // -i csbr-+ (wildcard)
        { "csnet-blue", [Iif, Counter, Accept] },                                 // no comment match
        { "csnet-blue", [Iif, XtComment, Counter, """{"drop": null}"""] },          // not accept
        { "csnet-blue", [Iif, XtComment, Counter, """{"jump": {"target": "DOCKER-USER"}}"""] },
        { "csnet-blue", [Iif, """{"xt": {"type": "match", "name": "conntrack"}}""", Counter, Accept] },
        { "csnet-blue", [Iif, XtComment, """{"xt": {"type": "match", "name": "conntrack"}}""", Counter, Accept] },
        { "csnet-blue", [Iif, Oif, XtComment, Counter, Accept] },                 // two interfaces
        { "csnet-blue", [Iif, XtComment, XtComment, Accept] },
        { "csnet-blue", [Iif, XtComment, Counter, Counter, Accept] },
        { "csnet-blue", [Iif.Replace("\"==\"", "\"!=\"", StringComparison.Ordinal), XtComment, Counter, Accept] }, // ! -i
        { "csnet-blue", [Iif.Replace("iifname", "iif", StringComparison.Ordinal), XtComment, Counter, Accept] },
        { "csnet-blue", [Accept, Iif, XtComment] },                               // accept not last
        { "csnet-blue", [Iif, """{"xt": {"type": "target", "name": "comment"}}""", Accept] },
    };

    [Theory]
    [MemberData(nameof(NotCsnet))]
    public void IsCsnetAccept_OtherShapes_False(string bridge, string[] expressions) =>
        Assert.False(RestoredForwardRule.IsCsnetAccept(Rule(bridge, expressions), Bridges, Owned));

    [Fact]
    public void IsCsnetAccept_RuleWithComment_FalseBecauseTheCommentDecides() =>
        Assert.False(RestoredForwardRule.IsCsnetAccept(Rule("csnet-blue", Iif, XtComment, Counter, Accept) with { Comment = "not csnet" }, Bridges, Owned));

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{}")]
    public void IsCsnetAccept_NoExpressionList_False(string expression) =>
        Assert.False(RestoredForwardRule.IsCsnetAccept(new InstalledRule("ip", "filter", "FORWARD", 2, null, expression), Bridges, Owned));
}
