using Csnet.Plugin.Drivers.Diagnosis;
using Csnet.Plugin.Drivers.Firewall;
using Csnet.Plugin.Kernel.Nftables;
using Csnet.Plugin.Model;

namespace Csnet.Plugin.Doctor;

/// <summary>
/// csnet's nftables rules (its table, and its accepts in the host's FORWARD chains) compared with what
/// the records want, as the healer compares them; and how often the healer had to put them back, since
/// a count that keeps growing means something on the host keeps rewriting the ruleset.
/// </summary>
public sealed class FirewallCheck(FirewallSync firewall) : IHostCheck
{
    private const string Name = "firewall";

    public IEnumerable<Finding> Check(IReadOnlyList<Network> networks)
    {
        var (heals, last) = FirewallMetrics.SinceStart;
        var history = heals == 0 ? "never repaired since csnet started" : $"repaired {heals} time(s) since csnet started, last at {last:u}";
        var damage = firewall.Damage();
        if (damage is null)
        {
            yield return heals == 0
                ? Finding.Ok(Name, $"csnet's rules for {networks.Count} network(s) are in place; {history}")
                : Finding.Warning(Name, $"csnet's rules for {networks.Count} network(s) are in place; {history}: something removed them",
                    "look for what rewrites the ruleset (a firewall service reload, `nft flush ruleset` in a script)");
            yield break;
        }
        yield return Finding.Problem(Name, $"csnet's rules are not as its records want them: {Explain(damage)}; {history}",
            "csnet puts them back within half a second; if this stays, the plugin log says why ('Firewall check or repair failed')");
    }

    private static string Explain(string damage) => damage switch
    {
        FirewallDamage.ChainsMissing => "its table or a chain of it is gone",
        FirewallDamage.RulesMissing => "a rule is missing or one is there that csnet did not install",
        FirewallDamage.RulesRestored => "its FORWARD accepts were re-created without their handles (iptables-restore)",
        FirewallDamage.Unreadable => "the ruleset cannot be read",
        _ => "a rule was changed",
    };
}
