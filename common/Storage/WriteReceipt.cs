namespace Csnet.Common.Storage;

/// <summary>
/// What one request wrote: the sequence number of its last write to the database, so its answer can
/// wait until exactly that much is on disk (<see cref="GroupCommit"/>). A request opens one with
/// <see cref="Begin"/>; writes made on its behalf (on any thread its work flows to) note themselves
/// in it. Work outside requests (start-up, reconcile) has none and waits for nothing.
/// </summary>
public sealed class WriteReceipt
{
    private static readonly AsyncLocal<WriteReceipt?> CurrentReceipt = new();
    private long _sequence;

    /// <summary>The last write's sequence number; 0 when the request wrote nothing.</summary>
    public long Sequence => Volatile.Read(ref _sequence);

    /// <summary>The receipt of the request running here, if any.</summary>
    public static WriteReceipt? Current => CurrentReceipt.Value;

    /// <summary>Starts a receipt for the work that flows from here (an async-local value).</summary>
    public static WriteReceipt Begin() => CurrentReceipt.Value = new WriteReceipt();

    internal void Note(long sequence)
    {
        // Writes of one request may finish on several threads; the highest number covers them all.
        var seen = Volatile.Read(ref _sequence);
        while (sequence > seen)
        {
            var previous = Interlocked.CompareExchange(ref _sequence, sequence, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
