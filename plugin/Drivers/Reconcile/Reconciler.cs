using Csnet.Ipam;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Model;
using Csnet.Plugin.State;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Csnet.Plugin.Drivers.Reconcile;

/// <summary>
/// Converges csnet with the kernel and with Docker: at start (without waiting for anything: the
/// first pass asks Docker with a short bound and goes on without it) and then every
/// <see cref="ReconcileOptions.Interval"/>. A pass
/// <list type="number">
/// <item>asks Docker (when it can) which networks and endpoints it still has: a network Docker
/// forgot (removed while csnet was down) is deleted with its pools;</item>
/// <item>lets each network's mode repair the kernel and delete endpoints whose container is gone,
/// whose addresses it then releases;</item>
/// <item>deletes links that carry csnet's tag but belong to no record (a crash between a link's
/// creation and its record), and releases addresses and pools nothing holds any more.</item>
/// </list>
/// Orphans must be seen on two passes in a row, and nothing younger than the grace period is judged.
/// <see cref="RequestPass"/> brings a repair pass forward (a csnet bridge was deleted: rebuild it
/// now, not up to an interval later); requests within <see cref="Debounce"/> share one. A repair
/// pass reconciles each network but judges no orphans and leaves the sightings alone, so a second
/// sighting stays a timer interval after the first however many bridges are deleted.
/// </summary>
public sealed partial class Reconciler(
    NetworkController controller,
    INetworkStore networks,
    IEndpointStore endpoints,
    IRtnl rtnl,
    IAddressReclaim ipam,
    IDockerState docker,
    IIntentJournal journal,
    ReconcileOptions options,
    TimeProvider time,
    ILogger<Reconciler> logger) : BackgroundService, IReconcileTrigger
{
    private static readonly TimeSpan FirstDockerTimeout = TimeSpan.FromMilliseconds(250);

    // Intents of this process are calls in flight, not crash leftovers: the socket may serve
    // before the first pass runs.
    private readonly DateTime _started = time.GetUtcNow().UtcDateTime;

    private readonly LinkOwnership _ownership = new(networks, endpoints);
    private HashSet<string> _suspectNetworks = [];
    private HashSet<string> _suspectLinks = [];
    private HashSet<string> _suspectPools = [];
    private HashSet<string> _suspectAddresses = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        await RecoverAsync(stoppingToken);
        await TryPassAsync(FirstDockerTimeout, Sweep.Full, stoppingToken);
        // Orphans need a second sighting: a short second pass at start clears crash leftovers quickly.
        var second = Task.Delay(TimeSpan.FromTicks(Math.Min(options.Interval.Ticks, TimeSpan.FromSeconds(10).Ticks)), time, stoppingToken);
        await RepairUntilAsync(second, stoppingToken);
        stoppingToken.ThrowIfCancellationRequested();
        using var timer = new PeriodicTimer(options.Interval, time);
        do
        {
            await TryPassAsync(options.DockerTimeout, Sweep.Full, stoppingToken);
        }
        while (await RepairUntilAsync(timer.WaitForNextTickAsync(stoppingToken).AsTask(), stoppingToken));
    }

    // Changes a crash cut short come first: a half-made bridge must not look like an orphan, nor a
    // half-deleted network be rebuilt.
    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        foreach (var intent in journal.Pending().Where(i => i.StartedAt < _started).OrderBy(i => i.StartedAt))
        {
            try
            {
                await controller.RecoverAsync(intent, cancellationToken);
                journal.End(intent);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                RecoveryFailed(logger, intent.Operation, DockerId.Short(intent.NetworkId), error);
            }
        }
    }

    private async Task TryPassAsync(TimeSpan dockerTimeout, Sweep sweep, CancellationToken cancellationToken)
    {
        try
        {
            await PassAsync(dockerTimeout, sweep, cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            PassFailed(logger, error);
        }
    }

    /// <summary>One full pass; public for tests and for a later "reconcile now" admin route.</summary>
    public Task PassAsync(TimeSpan dockerTimeout, CancellationToken cancellationToken) => PassAsync(dockerTimeout, Sweep.Full, cancellationToken);

    /// <summary>One pass; <see cref="Sweep.RepairOnly"/> is what <see cref="RequestPass"/> brings.</summary>
    public async Task PassAsync(TimeSpan dockerTimeout, Sweep sweep, CancellationToken cancellationToken)
    {
        var stored = networks.All();
        var view = await docker.ReadAsync(stored.Select(n => n.Id).ToList(), dockerTimeout, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var context = new ReconcileContext(now, options.Grace, null);

        var suspects = new HashSet<string>();
        foreach (var network in stored)
        {
            if (sweep == Sweep.Full && view is not null && !view.Networks.Contains(network.Id) && context.IsOld(network.CreatedAt))
            {
                if (_suspectNetworks.Contains(network.Id))
                {
                    await controller.DeleteNetworkAsync(network.Id, cancellationToken);
                    var pools = ipam.ReleasePools(network.Id);
                    RepairMetrics.Count(RepairKind.ForgottenNetworkDeleted);
                    NetworkForgotten(logger, DockerId.Short(network.Id), pools);
                    continue;
                }
                suspects.Add(network.Id);
            }
            var stale = await controller.ReconcileAsync(network.Id, context with { DockerEndpoints = view?.EndpointsOf(network.Id) }, cancellationToken);
            // Docker may have released a stale endpoint's address long ago and handed it to a newer
            // container: an address another endpoint holds now is not the stale one's to give back.
            var held = endpoints.ForNetwork(network.Id).SelectMany(e => e.Addresses).Select(a => a.Address).ToHashSet();
            foreach (var address in stale.SelectMany(e => e.Endpoint.Addresses).Where(a => !held.Contains(a.Address)))
                ipam.ReleaseAddress(network.Id, address.Address);
        }
        if (sweep == Sweep.RepairOnly)
            return;
        _suspectNetworks = suspects;

        DeleteOrphanLinks(context);
        ReleaseLeakedAddresses(context);
        ReleaseLeakedPools(context, view);
    }

    // Links csnet tagged (IFLA_IFALIAS) whose network or endpoint has no record.
    private void DeleteOrphanLinks(ReconcileContext context)
    {
        var suspects = new HashSet<string>(StringComparer.Ordinal);
        foreach (var link in _ownership.Orphans(rtnl.GetLinks()))
        {
            if (!_suspectLinks.Contains(link.Name))
            {
                suspects.Add(link.Name);
                continue;
            }
            if (rtnl.TryDeleteLink(link.Name))
            {
                RepairMetrics.Count(RepairKind.OrphanLinkDeleted);
                OrphanLinkDeleted(logger, link.Name, link.Kind, link.Alias!);
            }
        }
        _suspectLinks = suspects;
    }

    // Addresses of csnet networks that no endpoint, gateway or aux name holds: handed out for a
    // container whose CreateEndpoint never came (a crash), or whose ReleaseAddress was lost.
    // Seen on two passes in a row, like orphan links: Docker's own ReleaseAddress follows
    // DeleteEndpoint a moment later, and must not find the address handed out again meanwhile.
    private void ReleaseLeakedAddresses(ReconcileContext context)
    {
        var suspects = new HashSet<string>(StringComparer.Ordinal);
        foreach (var network in networks.All())
        {
            var used = endpoints.ForNetwork(network.Id).SelectMany(e => e.Addresses).Select(a => a.Address)
                .Concat(network.Subnets.SelectMany(s => s.AuxAddresses.Values))
                .ToHashSet();
            foreach (var held in ipam.HeldAddresses(network.Id).Where(h => !used.Contains(h.Address) && context.IsOld(h.AllocatedUtc)))
            {
                var key = $"{network.Id}/{held.Address}";
                if (!_suspectAddresses.Contains(key))
                {
                    suspects.Add(key);
                    continue;
                }
                if (ipam.ReleaseAddress(network.Id, held.Address))
                {
                    RepairMetrics.Count(RepairKind.AddressReclaimed);
                    AddressReclaimed(logger, held.Address.ToString(), DockerId.Short(network.Id));
                }
            }
        }
        _suspectAddresses = suspects;
    }

    // Pools of networks csnet deleted (their ReleasePool was lost), and pools never attached to a
    // network that Docker does not use either (a network create that died half-way). Without
    // Docker's answer an unattached pool is left alone: another driver's network may use it.
    private void ReleaseLeakedPools(ReconcileContext context, DockerView? view)
    {
        var stored = networks.All().Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        var suspects = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pool in ipam.Pools().Where(p => context.IsOld(p.RequestedUtc)))
        {
            var leaked = pool.NetworkId is { } owner
                ? !stored.Contains(owner)
                : view is not null && !view.Subnets.Any(s => pool.PoolId.Contains("/" + s, StringComparison.Ordinal));
            if (!leaked)
                continue;
            if (!_suspectPools.Contains(pool.PoolId))
            {
                suspects.Add(pool.PoolId);
                continue;
            }
            ipam.ReleasePool(pool.PoolId);
            RepairMetrics.Count(RepairKind.PoolReclaimed);
            PoolReclaimed(logger, pool.PoolId);
        }
        _suspectPools = suspects;
    }

    [LoggerMessage(EventId = 3005, Level = LogLevel.Error, Message = "Recovering {Operation} of network {NetworkId} after a crash failed; reconcile passes will repair what they can")]
    private static partial void RecoveryFailed(ILogger logger, string operation, string networkId, Exception error);

    [LoggerMessage(EventId = 3000, Level = LogLevel.Error, Message = "Reconcile pass failed; the next one retries")]
    private static partial void PassFailed(ILogger logger, Exception error);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Network {NetworkId} is gone from Docker (removed while csnet could not hear it): deleted it and released {Pools} pools")]
    private static partial void NetworkForgotten(ILogger logger, string networkId, int pools);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Deleted orphaned link {Interface} ({Kind}, tagged {Tag}): no record owns it")]
    private static partial void OrphanLinkDeleted(ILogger logger, string @interface, string kind, string tag);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Released address {Address} of network {NetworkId}: no endpoint holds it")]
    private static partial void AddressReclaimed(ILogger logger, string address, string networkId);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Released pool {PoolId}: no network uses it")]
    private static partial void PoolReclaimed(ILogger logger, string poolId);
}
