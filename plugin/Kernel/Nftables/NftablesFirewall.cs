using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Csnet.Plugin.Kernel.Nftables;

/// <summary>
/// <see cref="IFirewall"/> over libnftables. Each <see cref="Apply"/> reads which iptables-nft
/// FORWARD chains exist (and csnet's rules in them), renders the whole ruleset and runs it as one
/// transaction, all under one lock. <see cref="IsIntact"/> checks the result cheaply, for a healer
/// that polls it. It works in the network namespace of the calling thread.
/// </summary>
public sealed class NftablesFirewall : IFirewall
{
    // Between listing FORWARD and applying, another program (dockerd) may delete a rule or the
    // chain; the batch then fails as a whole and a fresh listing fixes it.
    private const int Attempts = 3;

    private readonly Lock _lock = new();
    private readonly string _table;
    private readonly ILogger _logger;

    /// <param name="logger">Where applies and retries are logged; none when null.</param>
    /// <param name="table">Name of csnet's own <c>inet</c> table.</param>
    /// <exception cref="ArgumentException"><paramref name="table"/> is not a plain nftables name.</exception>
    public NftablesFirewall(ILogger<NftablesFirewall>? logger = null, string table = NetworkRulesRenderer.DefaultTable)
    {
        NetworkRulesRenderer.CheckName(table, nameof(table));
        _logger = logger ?? NullLogger<NftablesFirewall>.Instance;
        _table = table;
    }

    /// <exception cref="ArgumentException">A network cannot be rendered (see <see cref="NetworkRulesRenderer.Render"/>).</exception>
    /// <exception cref="NftablesException">libnftables refused the batch; the previous ruleset is still in place.</exception>
    public void Apply(IReadOnlyCollection<NetworkRules> networks)
    {
        ArgumentNullException.ThrowIfNull(networks);
        lock (_lock)
        {
            using var nft = NftContext.Open();
            for (int attempt = 1; ; attempt++)
            {
                var hostChains = ReadHostForwardChains(nft);
                var script = NetworkRulesRenderer.Render(networks, hostChains, _table);
                try
                {
                    nft.Run(script, "apply ruleset");
                    _logger.Applied(networks.Count, _table, string.Join(", ", hostChains.Select(c => NetworkRulesRenderer.Family(c.Family))));
                    return;
                }
                catch (NftablesException e) when (attempt < Attempts && hostChains.Count > 0)
                {
                    _logger.RetryingApply(attempt, e);
                }
            }
        }
    }

    /// <summary>
    /// Compares, per chain, the comments of the rules in the kernel (csnet's table in full, and the
    /// csnet-commented rules of the host's FORWARD chains) with what <see cref="Apply"/> would
    /// install, as multisets, and checks that csnet's base chains exist. Counters, handles and
    /// other programs' rules do not count, so a healthy ruleset never reads as broken; a rule
    /// changed in place under its csnet comment is not noticed. Three or four listings.
    /// </summary>
    /// <returns>False also when a listing failed (the ruleset changed meanwhile).</returns>
    /// <exception cref="ArgumentException">A network cannot be rendered (see <see cref="NetworkRulesRenderer.Render"/>).</exception>
    public bool IsIntact(IReadOnlyCollection<NetworkRules> networks)
    {
        ArgumentNullException.ThrowIfNull(networks);
        lock (_lock)
        {
            using var nft = NftContext.Open();
            try
            {
                var chains = NftJsonListing.Chains(nft.Run("list chains", "list chains", json: true));
                var families = HostForwardFamilies(chains).ToList();
                var expected = NetworkRulesRenderer.ExpectedRules(networks, families, _table);
                var ownChains = chains.Where(c => c.Family == "inet" && c.Table == _table).Select(c => c.Name).Order(StringComparer.Ordinal);
                IEnumerable<string> expectedChains = networks.Count == 0 ? [] : NetworkRulesRenderer.TableChains.Order(StringComparer.Ordinal);
                if (!ownChains.SequenceEqual(expectedChains))
                {
                    return false;
                }
                var actual = new List<RuleKey>();
                if (networks.Count > 0)
                {
                    actual.AddRange(NftJsonListing.Rules(nft.Run($"list table inet {_table}", $"list table inet {_table}", json: true)).Select(r => r.Key));
                }
                foreach (var family in families)
                {
                    actual.AddRange(ListHostForwardChain(nft, family).Where(IsCsnetRule).Select(r => r.Key));
                }
                actual.Sort();
                return actual.SequenceEqual(expected);
            }
            catch (NftablesException e)
            {
                _logger.IntactCheckFailed(e);
                return false;
            }
        }
    }

    /// <summary>
    /// Every rule in csnet's table, plus the csnet-commented rules in the host's FORWARD chains,
    /// for tests and self-repair.
    /// </summary>
    public IReadOnlyList<InstalledRule> ListCsnetRules()
    {
        lock (_lock)
        {
            using var nft = NftContext.Open();
            var chains = NftJsonListing.Chains(nft.Run("list chains", "list chains", json: true));
            var rules = new List<InstalledRule>();
            if (chains.Any(c => c.Family == "inet" && c.Table == _table))
            {
                rules.AddRange(NftJsonListing.Rules(nft.Run($"list table inet {_table}", $"list table inet {_table}", json: true)));
            }
            foreach (var family in HostForwardFamilies(chains))
            {
                rules.AddRange(ListHostForwardChain(nft, family).Where(IsCsnetRule));
            }
            return rules;
        }
    }

    private static List<HostForwardChain> ReadHostForwardChains(NftContext nft)
    {
        var chains = NftJsonListing.Chains(nft.Run("list chains", "list chains", json: true));
        return HostForwardFamilies(chains)
            .Select(family => new HostForwardChain(
                family,
                ListHostForwardChain(nft, family).Where(IsCsnetRule).Select(r => r.Handle).ToList()))
            .ToList();
    }

    private static IEnumerable<NftFamily> HostForwardFamilies(IReadOnlyList<NftJsonListing.Chain> chains) =>
        new[] { NftFamily.Ip, NftFamily.Ip6 }.Where(family => chains.Any(c =>
            c.Family == NetworkRulesRenderer.Family(family)
            && c.Table == HostForwardChain.Table
            && c.Name == HostForwardChain.Chain));

    private static IReadOnlyList<InstalledRule> ListHostForwardChain(NftContext nft, NftFamily family)
    {
        var command = $"list chain {NetworkRulesRenderer.Family(family)} {HostForwardChain.Table} {HostForwardChain.Chain}";
        return NftJsonListing.Rules(nft.Run(command, command, json: true));
    }

    private static bool IsCsnetRule(InstalledRule rule) =>
        rule.Comment?.StartsWith(NetworkRulesRenderer.CommentPrefix, StringComparison.Ordinal) == true;
}
