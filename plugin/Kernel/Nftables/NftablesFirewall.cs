using Csnet.Plugin.Kernel.Netlink;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Csnet.Plugin.Kernel.Nftables;

/// <summary>
/// <see cref="IFirewall"/> over libnftables. Each <see cref="Apply"/> reads which iptables-nft
/// FORWARD chains exist (and csnet's rules in them), renders the whole ruleset and runs it as one
/// transaction, all under one lock. <see cref="IsIntact"/> checks the result cheaply, for a healer
/// that polls it. One libnftables context and one generation socket are opened at first use and
/// kept (a context costs more to create than a check takes), so the instance works in the network
/// namespace of the thread that first used it.
/// </summary>
public sealed class NftablesFirewall : IFirewall, IDisposable
{
    // Between listing FORWARD and applying, another program (dockerd) may delete a rule or the
    // chain; the batch then fails as a whole and a fresh listing fixes it.
    private const int Attempts = 3;

    private readonly Lock _lock = new();
    private readonly string _table;
    private readonly NftablesFirewallOptions _options;
    private readonly ILogger _logger;
    private Installed? _installed;
    private NftContext? _nft;
    private NftGeneration? _generation;

    // The ruleset generation at which IsIntact last found everything in place, with what it
    // expected then; while both still hold, IsIntact answers without listing anything.
    private Verified? _verified;

    /// <param name="options">The table and how the caller's rules are recognised in the host's chains.</param>
    /// <param name="logger">Where applies and retries are logged; none when null.</param>
    /// <exception cref="ArgumentException">The table is not a plain nftables name.</exception>
    public NftablesFirewall(NftablesFirewallOptions options, ILogger<NftablesFirewall>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        NetworkRulesRenderer.CheckName(options.Table, nameof(options.Table));
        NetworkRulesRenderer.CheckTag(options.TagPrefix);
        _options = options;
        _table = options.Table;
        _logger = logger ?? NullLogger<NftablesFirewall>.Instance;
    }

    /// <exception cref="ArgumentException">A network cannot be rendered (see <see cref="NetworkRulesRenderer.Render"/>).</exception>
    /// <exception cref="NftablesException">libnftables refused the batch; the previous ruleset is still in place.</exception>
    public void Apply(IReadOnlyCollection<NetworkRules> networks)
    {
        ArgumentNullException.ThrowIfNull(networks);
        lock (_lock)
        {
            var nft = Context();
            for (int attempt = 1; ; attempt++)
            {
                var hostChains = ReadHostForwardChains(nft, Interfaces(networks));
                var script = NetworkRulesRenderer.Render(networks, hostChains, _table);
                try
                {
                    _installed = null;
                    _verified = null;
                    nft.Run(script, "apply ruleset");
                    RecordInstalled(nft, networks);
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
    /// Checks, cheaply enough to poll twice a second: csnet's base chains exist; per chain, the rules
    /// in csnet's table and the csnet-commented rules in the host's FORWARD chains carry exactly the
    /// comments <see cref="Apply"/> would install (as multisets); and these rules' expressions are
    /// the ones listed right after this instance's last successful Apply, which must have been for
    /// the same rendering (same networks and exemptions, same host FORWARD chains); and the host's
    /// FORWARD chains hold no csnet accepts re-created by iptables-restore (see
    /// <see cref="RestoredForwardRule"/>), which Apply replaces. Counters, handles, rule order and
    /// other programs' rules are ignored, so a healthy ruleset does not flap.
    /// </summary>
    /// <returns>
    /// False when anything differs, when the rules asked for changed since the last Apply, when this
    /// instance has not applied these networks yet (for example after a restart), and when a
    /// listing failed because the ruleset changed meanwhile.
    /// </returns>
    /// <exception cref="ArgumentException">A network cannot be rendered (see <see cref="NetworkRulesRenderer.Render"/>).</exception>
    /// <inheritdoc/>
    public string LastDamage { get; private set; } = FirewallDamage.Changed;

    public bool IsIntact(IReadOnlyCollection<NetworkRules> networks)
    {
        ArgumentNullException.ThrowIfNull(networks);
        lock (_lock)
        {
            // Read before listing: a change made during the listing bumps it past what is recorded.
            var generation = TryReadGeneration();
            // The same collection as last verified is taken as unchanged (callers pass a new one
            // after a change), so an idle check renders nothing.
            if (generation is not null && _verified is { } verified && verified.Generation == generation
                && (ReferenceEquals(verified.Networks, networks) || verified.Script == ExpectedScript(networks, verified.HostFamilies)))
            {
                return true;
            }
            _verified = null;
            var nft = Context();
            try
            {
                var state = ReadState(nft, networks.Count > 0, Interfaces(networks));
                var expectedChains = networks.Count == 0 ? [] : NetworkRulesRenderer.TableChains.Order(StringComparer.Ordinal).ToList();
                var script = ExpectedScript(networks, state.HostFamilies);
                var damage = state.RestoredRules != 0 ? FirewallDamage.RulesRestored
                    : !state.OwnChains.SequenceEqual(expectedChains) ? FirewallDamage.ChainsMissing
                    : !state.Rules.Select(r => r.Key).Order().SequenceEqual(NetworkRulesRenderer.ExpectedRules(networks, state.HostFamilies, _table)) ? FirewallDamage.RulesMissing
                    : _installed is not { } installed || installed.Script != script || installed.Fingerprint != Fingerprint(state.Rules) ? FirewallDamage.Changed
                    : null;
                if (damage is not null)
                {
                    LastDamage = damage;
                    return false;
                }
                if (generation is not null)
                    _verified = new Verified(generation.Value, state.HostFamilies, script, networks);
                return true;
            }
            catch (NftablesException e)
            {
                _logger.IntactCheckFailed(e);
                LastDamage = FirewallDamage.Unreadable;
                return false;
            }
        }
    }

    // What Apply installed, for IsIntact: the script without the handles of replaced rules, and
    // the expressions the kernel listed right afterwards.
    private sealed record Installed(string Script, string Fingerprint);

    private sealed record Verified(uint Generation, IReadOnlyList<NftFamily> HostFamilies, string Script, IReadOnlyCollection<NetworkRules> Networks);

    public void Dispose()
    {
        lock (_lock)
        {
            _nft?.Dispose();
            _nft = null;
            _generation?.Dispose();
            _generation = null;
        }
    }

    private NftContext Context() => _nft ??= NftContext.Open();

    /// <summary>The ruleset generation, or null when it cannot be read (then every check lists).</summary>
    private uint? TryReadGeneration()
    {
        try
        {
            _generation ??= new NftGeneration();
            return _generation.Read();
        }
        catch (Exception error) when (error is NetlinkException or NetlinkFormatException or SystemCallException)
        {
            // A socket that failed once is not trusted again; the next check opens a new one.
            _generation?.Dispose();
            _generation = null;
            _logger.GenerationUnreadable(error);
            return null;
        }
    }

    // Rules: csnet's table and the csnet-commented rules in host FORWARD chains. RestoredRules:
    // how many csnet accepts iptables-restore re-created there (comment text lost).
    private sealed record State(IReadOnlyList<NftFamily> HostFamilies, IReadOnlyList<string> OwnChains, IReadOnlyList<InstalledRule> Rules, int RestoredRules);

    private State ReadState(NftContext nft, bool readTable, IReadOnlySet<string> bridges)
    {
        var chains = NftJsonListing.Chains(nft.Run("list chains", "list chains", json: true));
        var families = HostForwardFamilies(chains).ToList();
        var ownChains = chains.Where(c => c.Family == "inet" && c.Table == _table).Select(c => c.Name).Order(StringComparer.Ordinal).ToList();
        var rules = new List<InstalledRule>();
        if (readTable && ownChains.Count > 0)
        {
            rules.AddRange(NftJsonListing.Rules(nft.Run($"list table inet {_table}", $"list table inet {_table}", json: true)));
        }
        int restored = 0;
        foreach (var family in families)
        {
            var forward = ListHostForwardChain(nft, family);
            rules.AddRange(forward.Where(IsOwnRule));
            restored += forward.Count(r => RestoredForwardRule.IsCsnetAccept(r, bridges, _options.OwnedInterfacePrefixes));
        }
        return new State(families, ownChains, rules, restored);
    }

    private string ExpectedScript(IReadOnlyCollection<NetworkRules> networks, IReadOnlyList<NftFamily> hostFamilies) =>
        NetworkRulesRenderer.Render(networks, hostFamilies.Select(f => new HostForwardChain(f, [])).ToList(), _table);

    private static HashSet<string> Interfaces(IReadOnlyCollection<NetworkRules> networks) =>
        networks.Where(n => n is not null).Select(n => n.Interface).ToHashSet(StringComparer.Ordinal);

    private static string Fingerprint(IEnumerable<InstalledRule> rules) => string.Join("\n", rules
        .Select(r => $"{r.Family} {r.Table} {r.Chain} {r.Comment} {r.Expression}")
        .Order(StringComparer.Ordinal));

    private void RecordInstalled(NftContext nft, IReadOnlyCollection<NetworkRules> networks)
    {
        try
        {
            var state = ReadState(nft, networks.Count > 0, Interfaces(networks));
            _installed = new Installed(ExpectedScript(networks, state.HostFamilies), Fingerprint(state.Rules));
        }
        catch (NftablesException e)
        {
            // The next IsIntact then reports false and the healer applies again.
            _logger.IntactCheckFailed(e);
        }
    }

    public IReadOnlyList<HostForwardPolicy> HostForwardPolicies()
    {
        lock (_lock)
        {
            var chains = NftJsonListing.Chains(Context().Run("list chains", "list chains", json: true));
            return [.. chains.Where(c => c.Table == HostForwardChain.Table && c.Name == HostForwardChain.Chain && c.Family is "ip" or "ip6")
                .Select(c => new HostForwardPolicy(c.Family, c.Policy ?? "accept"))];
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
            var nft = Context();
            var chains = NftJsonListing.Chains(nft.Run("list chains", "list chains", json: true));
            var rules = new List<InstalledRule>();
            if (chains.Any(c => c.Family == "inet" && c.Table == _table))
            {
                rules.AddRange(NftJsonListing.Rules(nft.Run($"list table inet {_table}", $"list table inet {_table}", json: true)));
            }
            foreach (var family in HostForwardFamilies(chains))
            {
                rules.AddRange(ListHostForwardChain(nft, family).Where(IsOwnRule));
            }
            return rules;
        }
    }

    // csnet's rules in each FORWARD chain, by comment or restored by iptables-restore: Apply
    // deletes them all and adds its own.
    private List<HostForwardChain> ReadHostForwardChains(NftContext nft, IReadOnlySet<string> bridges)
    {
        var chains = NftJsonListing.Chains(nft.Run("list chains", "list chains", json: true));
        return HostForwardFamilies(chains)
            .Select(family => new HostForwardChain(
                family,
                ListHostForwardChain(nft, family)
                    .Where(r => IsOwnRule(r) || RestoredForwardRule.IsCsnetAccept(r, bridges, _options.OwnedInterfacePrefixes))
                    .Select(r => r.Handle)
                    .ToList()))
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

    private bool IsOwnRule(InstalledRule rule) =>
        rule.Comment?.StartsWith(_options.TagPrefix, StringComparison.Ordinal) == true;
}
