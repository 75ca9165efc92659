using System.Diagnostics;
using Csnet.Plugin.Kernel.Nftables;
using Csnet.Plugin.State;
using Microsoft.Extensions.Logging;

namespace Csnet.Plugin.Drivers.Firewall;

/// <summary>
/// Brings the firewall in line with the stored networks and published ports of every mode.
/// <para>
/// <see cref="Sync"/> (called after every store change that affects rules) computes the wanted
/// rules from the store and the contributors and keeps them; <see cref="Heal"/> (polled) compares
/// the kernel with that kept set, so an idle check reads neither the store nor the routing table.
/// The set is computed again only when an input changed: a <see cref="Sync"/>,
/// <see cref="InputsChanged"/> (the host's uplinks), or, as a safety net for a change nobody
/// reported, when it is older than <see cref="Refresh"/>.
/// </para>
/// <para>
/// Computing and applying happen under one lock, so two changes at once cannot apply stale sets
/// over each other, and a repair never races a change. The check itself runs outside that lock
/// (create and delete need it, and a listing can take a while on a busy host); only a repair takes
/// it, and checks again under it.
/// </para>
/// </summary>
public sealed class FirewallSync(
    INetworkStore networks,
    IEndpointStore endpoints,
    IEnumerable<IFirewallContributor> contributors,
    IFirewall firewall,
    TimeProvider time,
    ILogger<FirewallSync> logger)
{
    /// <summary>The longest a computed set is trusted without a reported change.</summary>
    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private volatile Wanted? _wanted;
    private int _changes;
    // The first apply of a process installs rather than repairs: it is not counted as a heal.
    private bool _applied;

    public void Sync()
    {
        lock (_lock)
        {
            var wanted = Compute();
            try
            {
                firewall.Apply(wanted.Rules);
                _applied = true;
            }
            catch
            {
                // The caller may undo its store change; the next check must not trust this set.
                _wanted = null;
                throw;
            }
        }
    }

    /// <summary>
    /// Something the contributors read besides the store changed (a default route, an uplink); the
    /// next <see cref="Heal"/> computes the rules again. Cheap and lock-free: called from event threads.
    /// </summary>
    public void InputsChanged()
    {
        Interlocked.Increment(ref _changes);
    }

    /// <summary>Re-applies the rules when something removed or changed them; true when it did.</summary>
    public bool Heal()
    {
        if (firewall.IsIntact(Fresh().Rules))
            return false;
        lock (_lock)
        {
            // A Sync may have applied a newer set between the check and here.
            var wanted = FreshLocked();
            if (firewall.IsIntact(wanted.Rules))
                return false;
            var damage = firewall.LastDamage;
            var started = Stopwatch.GetTimestamp();
            firewall.Apply(wanted.Rules);
            if (_applied)
                FirewallMetrics.Healed(damage);
            _applied = true;
            logger.FirewallRepaired(wanted.Rules.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return true;
        }
    }

    /// <summary>
    /// What is wrong with the kernel's rules now (a <see cref="FirewallDamage"/> value), or null when
    /// they are as csnet installs them. Repairs nothing: for csnetctl doctor, which reports what the
    /// healer would find.
    /// </summary>
    public string? Damage() => firewall.IsIntact(Fresh().Rules) ? null : firewall.LastDamage;

    private Wanted Fresh()
    {
        if (_wanted is { } kept && IsCurrent(kept))
            return kept;
        lock (_lock)
            return FreshLocked();
    }

    private Wanted FreshLocked() => _wanted is { } kept && IsCurrent(kept) ? kept : Compute();

    private bool IsCurrent(Wanted wanted) =>
        wanted.Changes == Volatile.Read(ref _changes) && time.GetElapsedTime(wanted.ComputedAt) < Refresh;

    // Under the lock. The change count is read first: a change reported while computing leaves
    // the result stale, so the next check computes again.
    private Wanted Compute()
    {
        var changes = Volatile.Read(ref _changes);
        var computedAt = time.GetTimestamp();
        var all = networks.All();
        var published = endpoints.WithPorts().ToLookup(e => e.NetworkId);
        var wanted = new Wanted(contributors.SelectMany(c => c.RulesFor(all, published)).ToList(), changes, computedAt);
        _wanted = wanted;
        return wanted;
    }

    // A new list per computation: the firewall takes the same instance as "unchanged".
    private sealed record Wanted(IReadOnlyCollection<NetworkRules> Rules, int Changes, long ComputedAt);
}
