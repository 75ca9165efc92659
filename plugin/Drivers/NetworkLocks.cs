using System.Collections.Concurrent;

namespace Csnet.Plugin.Drivers;

/// <summary>
/// One lock per network: work on different networks runs in parallel, while create/delete of a
/// network and its endpoints never interleave. Locks of deleted networks are few and tiny, so
/// they are kept rather than raced over.
/// </summary>
public sealed class NetworkLocks
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new();

    public async Task<IDisposable> AcquireAsync(string networkId, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(networkId, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                gate.Release();
        }
    }
}
