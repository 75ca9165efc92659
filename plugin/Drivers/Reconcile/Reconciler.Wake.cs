using System.Threading.Channels;

namespace Csnet.Plugin.Drivers.Reconcile;

// Requested passes: a csnet bridge deleted under csnet is rebuilt at once, not at the next tick.
public sealed partial class Reconciler
{
    /// <summary>How long a requested pass waits for more requests: a bridge and its veths go in one burst.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(200);

    // One pending request at most: a request made while one waits adds nothing.
    private readonly Channel<bool> _requests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private Task<bool>? _requested;

    // Runs a repair pass for each request until the timer fires, and returns the timer's result.
    private async Task<bool> RepairUntilAsync(Task timer, CancellationToken cancellationToken)
    {
        while (await NextTurnAsync(timer, cancellationToken) != timer)
            await TryPassAsync(options.DockerTimeout, Sweep.RepairOnly, cancellationToken);
        return timer is not Task<bool> tick || await tick;
    }

    public void RequestPass() => _requests.Writer.TryWrite(true);

    // Waits for the timer or a request, whichever comes first, and returns it; after a request it
    // waits out the debounce. Every request made so far is answered by the pass that follows.
    private async Task<Task> NextTurnAsync(Task timer, CancellationToken cancellationToken)
    {
        _requested ??= _requests.Reader.WaitToReadAsync(cancellationToken).AsTask();
        var first = await Task.WhenAny(timer, _requested);
        if (first == _requested)
        {
            _requested = null;
            await Task.Delay(Debounce, time, cancellationToken);
        }
        while (_requests.Reader.TryRead(out _))
        {
        }
        // A request that came with the tick was just drained; its completed wait must not bring
        // another pass.
        if (_requested is { IsCompletedSuccessfully: true })
            _requested = null;
        return first;
    }
}
