using Csnet.Plugin.Kernel.Netlink;
using Csnet.Plugin.Kernel.Rtnl;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Csnet.Plugin.Drivers;

/// <summary>
/// Deletes the links of deleted endpoints in batches. The kernel deletes a veth singly in about
/// 16 ms, because each delete waits for an RCU grace period under the rtnl lock, which also holds up
/// every other netlink request meanwhile (a parallel CreateEndpoint); a group of links goes in one
/// RTM_DELLINK that waits once (200 veths: 3.4 s singly, 0.26 s as a group, bench/Csnet.Bench kernel).
/// So DeleteEndpoint only moves its link into csnet's pending group (one quick RTM_SETLINK, about
/// 0.1 ms) and a background loop deletes the group a moment later. Guarantees: a network's pending
/// links are gone before its DeleteNetwork returns (it calls <see cref="Flush"/>); the group is
/// deleted when csnet stops, and at start, so links a killed process left pending go too; the
/// links stay tagged, so a reconcile pass that saw one would treat it as the orphan it is.
/// </summary>
public sealed partial class LinkReaper(IRtnl rtnl, ILogger<LinkReaper> logger, TimeSpan? window = null) : BackgroundService
{
    /// <summary>csnet's interface group for links waiting for deletion ("csnd"); group 0 is every other link's.</summary>
    public const uint PendingGroup = 0x6373_6E64;

    private readonly TimeSpan _window = window ?? TimeSpan.FromMilliseconds(20);
    private readonly SemaphoreSlim _pending = new(0);
    private readonly Lock _flush = new();
    private int _retired;

    /// <summary>Hands a link over for deletion; false when it is already gone.</summary>
    public bool Retire(string linkName)
    {
        if (!rtnl.TrySetLinkGroup(linkName, PendingGroup))
            return false;
        Interlocked.Increment(ref _retired);
        _pending.Release();
        return true;
    }

    /// <summary>Deletes every pending link now, in one request; nothing is sent when none was retired since the last flush.</summary>
    public void Flush() => Flush(force: false);

    private void Flush(bool force)
    {
        lock (_flush)
        {
            if (Interlocked.Exchange(ref _retired, 0) == 0 && !force)
                return;
            try
            {
                rtnl.DeleteLinkGroup(PendingGroup);
            }
            catch (NetlinkException e)
            {
                // Nothing is lost: the links stay in the group and the next flush tries again.
                Interlocked.Increment(ref _retired);
                FlushFailed(logger, e.Message);
            }
        }
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Links a killed process retired but did not delete yet.
        if (rtnl.GetLinks().Any(link => link.Group == PendingGroup))
            Flush(force: true);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        Flush();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _pending.WaitAsync(stoppingToken);
                // Gather what else comes within the window, then delete it all at once.
                await Task.Delay(_window, stoppingToken);
                while (_pending.CurrentCount > 0)
                    _pending.Wait(0);
                Flush();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 2170, Level = LogLevel.Warning, Message = "Deleting links waiting for deletion failed ({Reason}); trying again with the next batch")]
    private static partial void FlushFailed(ILogger logger, string reason);
}
