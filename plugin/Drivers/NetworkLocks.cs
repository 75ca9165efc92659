using System.Collections.Concurrent;

namespace Csnet.Plugin.Drivers;

/// <summary>
/// One reader-writer gate per network. Creating, deleting, reconciling or recovering a network takes
/// it alone; endpoint calls share it, because each endpoint's links and record are its own and the
/// kernel and the store are safe for parallel callers: parallel `docker run` on one network is not
/// serialised by csnet (dockerd serialises only endpoint creation per network, and not deletion).
/// Waiting writers keep new readers out, so a network delete is never starved by a stream of starts.
/// Gates of deleted networks are few and tiny, so they are kept rather than raced over.
/// </summary>
public sealed class NetworkLocks
{
    private readonly ConcurrentDictionary<string, Gate> _gates = new();

    /// <summary>Alone on the network: its own create, delete, reconcile and recovery.</summary>
    public Task<IDisposable> AcquireAsync(string networkId, CancellationToken cancellationToken) =>
        GateOf(networkId).EnterExclusiveAsync(cancellationToken);

    /// <summary>Beside other endpoint calls of the network, never beside an exclusive holder.</summary>
    public Task<IDisposable> AcquireSharedAsync(string networkId, CancellationToken cancellationToken) =>
        GateOf(networkId).EnterSharedAsync(cancellationToken);

    private Gate GateOf(string networkId) => _gates.GetOrAdd(networkId, static _ => new Gate());

    // The classic turnstile and light switch: a writer holds the turnstile while it waits for the
    // room to empty, so readers that come later queue behind it.
    private sealed class Gate
    {
        private readonly SemaphoreSlim _turnstile = new(1, 1);
        private readonly SemaphoreSlim _room = new(1, 1);
        private readonly SemaphoreSlim _readerCount = new(1, 1);
        private int _readers;

        public async Task<IDisposable> EnterExclusiveAsync(CancellationToken cancellationToken)
        {
            await _turnstile.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await _room.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                _turnstile.Release();
                throw;
            }

            return new Release(() =>
            {
                _room.Release();
                _turnstile.Release();
            });
        }

        public async Task<IDisposable> EnterSharedAsync(CancellationToken cancellationToken)
        {
            await _turnstile.WaitAsync(cancellationToken).ConfigureAwait(false);
            _turnstile.Release();
            await _readerCount.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_readers == 0)
                {
                    await _room.WaitAsync(cancellationToken).ConfigureAwait(false);
                }

                _readers++;
            }
            finally
            {
                _readerCount.Release();
            }

            return new Release(() =>
            {
                _readerCount.Wait();
                try
                {
                    if (--_readers == 0)
                    {
                        _room.Release();
                    }
                }
                finally
                {
                    _readerCount.Release();
                }
            });
        }
    }

    private sealed class Release(Action release) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                release();
            }
        }
    }
}
