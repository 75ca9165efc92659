using Csnet.Plugin.Drivers.Firewall;
using Csnet.Plugin.Drivers.Reconcile;
using Csnet.Plugin.Kernel.Rtnl;

namespace Csnet.Plugin.Composition;

/// <summary>
/// Listens to the host's link and route notifications on a thread of its own and passes on what
/// they mean: changed uplinks to <see cref="UplinksFromKernel"/> and the firewall, a deleted csnet
/// bridge to the reconciler. When the listener fails, the uplinks fall back to a fresh read per
/// call, and listening starts again after <see cref="RetryDelay"/>; a restart counts as lost events.
/// </summary>
public sealed class KernelEventRouter(
    UplinksFromKernel uplinks,
    FirewallSync firewall,
    IReconcileTrigger reconcile,
    Func<RtnlEventListener> openListener,
    ILogger<KernelEventRouter> logger) : BackgroundService
{
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>Acts on one notification; public for tests.</summary>
    public void Handle(RtnlEvent change)
    {
        var effects = KernelEventClassifier.Classify(change, uplinks.Concerns);
        if (effects.HasFlag(KernelChange.Uplinks))
        {
            uplinks.Invalidate();
            firewall.InputsChanged();
        }
        if (effects.HasFlag(KernelChange.Reconcile))
        {
            if (change is LinkEvent link)
                logger.BridgeDeleted(link.Link.Name, link.Link.Alias ?? "");
            reconcile.RequestPass();
        }
        if (change is EventsLostEvent)
            logger.EventsLost();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Listen(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Listen(CancellationToken stoppingToken)
    {
        var restarted = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var listener = openListener();
                uplinks.StartListening();
                // Whatever happened while nobody listened is unknown. At the first start the
                // reconciler's own first passes cover it, and an early one would shorten the
                // second-sighting wait for orphans.
                if (restarted)
                    Handle(new EventsLostEvent());
                else
                    firewall.InputsChanged();
                listener.Run(Handle, stoppingToken);
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                uplinks.StopListening();
                firewall.InputsChanged();
                logger.ListenerFailed(RetryDelay.TotalSeconds, error);
                stoppingToken.WaitHandle.WaitOne(RetryDelay);
                restarted = true;
            }
        }
        uplinks.StopListening();
    }
}
