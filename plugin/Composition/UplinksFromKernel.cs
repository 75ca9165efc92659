using System.Net.Sockets;
using Csnet.Plugin.Drivers.Bridge;
using Csnet.Plugin.Kernel.Rtnl;

namespace Csnet.Plugin.Composition;

/// <summary>
/// The interfaces that carry the host's default routes, ECMP paths included. On hosts whose uplink
/// is itself a bridge (br0, Proxmox's vmbr0) the firewall exempts them from bridge-to-bridge
/// isolation, so csnet containers keep their way out.
/// <para>
/// Read from a dump of the default routes and kept while <see cref="KernelEventRouter"/> listens:
/// it calls <see cref="Invalidate"/> when a default route or an uplink's link changes, so a host
/// with a full routing table pays a dump per change instead of one per firewall check. While
/// nobody listens (before the listener subscribed, after it failed) every call reads afresh.
/// </para>
/// </summary>
public sealed class UplinksFromKernel(IRtnl rtnl) : IUplinkInterfaces
{
    private static readonly AddressFamily[] Families = [AddressFamily.InterNetwork, AddressFamily.InterNetworkV6];

    private volatile Snapshot? _snapshot;
    private volatile bool _listening;
    private int _changes;

    public IReadOnlyCollection<string> Names() => Current().Names;

    /// <summary>
    /// Whether a change to link <paramref name="index"/> can change the answer: it holds a default
    /// route (a rename changes its name; deleting it or taking it down drops its IPv4 routes, which
    /// the kernel does without a route notification), or nothing is known yet.
    /// </summary>
    public bool Concerns(int index) => _snapshot is not { } snapshot || snapshot.Indexes.Contains(index);

    /// <summary>The next call reads the kernel again.</summary>
    public void Invalidate() => Interlocked.Increment(ref _changes);

    /// <summary>
    /// From now on a kept answer stays valid until <see cref="Invalidate"/>; call it once the
    /// listener is subscribed, so no change made before that can hide in the kept answer.
    /// </summary>
    public void StartListening()
    {
        Invalidate();
        _listening = true;
    }

    /// <summary>Back to a fresh read on every call (the listener stopped or failed).</summary>
    public void StopListening() => _listening = false;

    private Snapshot Current()
    {
        var changes = Volatile.Read(ref _changes);
        if (_listening && _snapshot is { } kept && kept.Changes == changes)
            return kept;
        // Counted before reading: a change that lands while the dump runs leaves the snapshot stale.
        var fresh = Read(changes);
        _snapshot = fresh;
        return fresh;
    }

    private Snapshot Read(int changes)
    {
        var indexes = Families
            .SelectMany(rtnl.GetDefaultRoutes)
            .SelectMany(r => r.OutputIndexes)
            .ToHashSet();
        var names = indexes
            .Select(index => rtnl.TryGetLink(index)?.Name)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new Snapshot(changes, indexes, names);
    }

    private sealed record Snapshot(int Changes, IReadOnlySet<int> Indexes, IReadOnlyList<string> Names);
}
