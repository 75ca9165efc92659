using Csnet.Plugin.Kernel.Nftables;
using Xunit;

namespace Csnet.Plugin.Tests.Kernel.Nftables;

public class NftJsonListingTests
{
    // Recorded from nft 1.0.6: nft -j -a list chain ip filter FORWARD.
    private const string ForwardListing = """
        {"nftables": [{"metainfo": {"version": "1.0.6", "release_name": "Lester Gooch #5", "json_schema_version": 1}}, {"chain": {"family": "ip", "table": "filter", "name": "FORWARD", "handle": 1, "type": "filter", "hook": "forward", "prio": 0, "policy": "drop"}}, {"rule": {"family": "ip", "table": "filter", "chain": "FORWARD", "handle": 2, "comment": "csnet:aaaaaaaaaaaa", "expr": [{"match": {"op": "==", "left": {"meta": {"key": "iifname"}}, "right": "br-a"}}, {"counter": {"packets": 0, "bytes": 0}}, {"accept": null}]}}, {"rule": {"family": "ip", "table": "filter", "chain": "FORWARD", "handle": 5, "expr": [{"match": {"op": "==", "left": {"meta": {"key": "iifname"}}, "right": "br-a"}}, {"accept": null}]}}]}
        """;

    [Fact]
    public void Rules_ForwardListing_ReadsHandlesAndComments()
    {
        var rules = NftJsonListing.Rules(ForwardListing);

        Assert.Equal(
            [
                new InstalledRule("ip", "filter", "FORWARD", 2, "csnet:aaaaaaaaaaaa"),
                new InstalledRule("ip", "filter", "FORWARD", 5, null),
            ],
            rules.Select(r => r with { Expression = "" }));
    }

    [Fact]
    public void Rules_ForwardListing_KeepsExpressionsWithCountersZeroed()
    {
        var busy = ForwardListing.Replace("\"packets\": 0, \"bytes\": 0", "\"packets\": 12, \"bytes\": 3456", StringComparison.Ordinal);

        var rules = NftJsonListing.Rules(busy);

        Assert.Equal(
            """[{"match": {"op": "==", "left": {"meta": {"key": "iifname"}}, "right": "br-a"}}, {"counter":{}}, {"accept": null}]""",
            rules[0].Expression);
        Assert.Equal(NftJsonListing.Rules(ForwardListing)[0].Expression, rules[0].Expression);
    }

    [Fact]
    public void Chains_ForwardListing_ReadsChainWithItsPolicy() =>
        Assert.Equal([new NftJsonListing.Chain("ip", "filter", "FORWARD", "drop")], NftJsonListing.Chains(ForwardListing));

    [Fact]
    public void Rules_EmptyRuleset_Empty() =>
        Assert.Empty(NftJsonListing.Rules("""{"nftables": [{"metainfo": {"version": "1.0.6", "json_schema_version": 1}}]}"""));

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"rules": []}""")]
    [InlineData("""{"nftables": [{"rule": {"family": "ip", "table": "filter", "chain": "FORWARD"}}]}""")]
    public void Rules_Malformed_ThrowsNftablesException(string json) =>
        Assert.Throws<NftablesException>(() => NftJsonListing.Rules(json));
}
