using LiteDB;
using LiteDB.Engine;

namespace Csnet.Common.Storage;

/// <summary>
/// LiteDB's engine with one writer at a time. LiteDB 5 lets transactions on different collections
/// write at once, and they then race on the shared header page's free-page list: the file is
/// corrupted ("empty page must be defined as empty type", "invalid segment position"; LiteDB
/// issues #2503, #2825, only partly fixed in 5.0.21). Measured here: 8 threads inserting and
/// deleting in 4 collections failed 23,997 of 36,000 writes on 5.0.20 and 5,218 on 5.0.21; with
/// writes serialised, none on either. Reads stay concurrent (each is a snapshot). Every write is a
/// few milliseconds of LiteDB work and never includes kernel work, so the gate costs no parallelism
/// that matters. An explicit transaction holds the gate from BeginTrans to Commit or Rollback; LiteDB
/// binds transactions to their thread, and so does the Monitor used here.
///
/// Each finished write gets a sequence number, noted in the request's <see cref="WriteReceipt"/>, so
/// <see cref="GroupCommit"/> knows what an answer waits for.
/// </summary>
public sealed class SerialWriteEngine(ILiteEngine inner) : ILiteEngine
{
    private readonly object _writer = new();
    private long _sequence;

    /// <summary>The sequence number of the newest finished write (0 before the first).</summary>
    public long LastWrite => Interlocked.Read(ref _sequence);

    public bool BeginTrans()
    {
        Monitor.Enter(_writer);
        try
        {
            var began = inner.BeginTrans();
            if (!began)
            {
                // Already in a transaction on this thread: it holds the gate once already.
                Monitor.Exit(_writer);
            }

            return began;
        }
        catch
        {
            Monitor.Exit(_writer);
            throw;
        }
    }

    public bool Commit() => EndTransaction(() =>
    {
        try
        {
            var committed = inner.Commit();
            Finished();
            return committed;
        }
        catch (Exception error) when (StorageMetrics.Failed("commit", error))
        {
            throw;
        }
    });

    public bool Rollback() => EndTransaction(inner.Rollback);

    public IBsonDataReader Query(string collection, Query query)
    {
        try
        {
            return inner.Query(collection, query);
        }
        catch (Exception error) when (StorageMetrics.Failed("query", error))
        {
            throw;
        }
    }

    public BsonValue Pragma(string name) => inner.Pragma(name);

    public int Insert(string collection, IEnumerable<BsonDocument> docs, BsonAutoId autoId) => Write("insert", () => inner.Insert(collection, docs, autoId));

    public int Update(string collection, IEnumerable<BsonDocument> docs) => Write("update", () => inner.Update(collection, docs));

    public int UpdateMany(string collection, BsonExpression transform, BsonExpression predicate) => Write("update", () => inner.UpdateMany(collection, transform, predicate));

    public int Upsert(string collection, IEnumerable<BsonDocument> docs, BsonAutoId autoId) => Write("upsert", () => inner.Upsert(collection, docs, autoId));

    public int Delete(string collection, IEnumerable<BsonValue> ids) => Write("delete", () => inner.Delete(collection, ids));

    public int DeleteMany(string collection, BsonExpression predicate) => Write("delete", () => inner.DeleteMany(collection, predicate));

    public bool DropCollection(string name) => Write("drop", () => inner.DropCollection(name));

    public bool RenameCollection(string name, string newName) => Write("rename", () => inner.RenameCollection(name, newName));

    public bool EnsureIndex(string collection, string name, BsonExpression expression, bool unique) => Write("index", () => inner.EnsureIndex(collection, name, expression, unique));

    public bool DropIndex(string collection, string name) => Write("index", () => inner.DropIndex(collection, name));

    public bool Pragma(string name, BsonValue value) => Write("pragma", () => inner.Pragma(name, value));

    public int Checkpoint() => Write("checkpoint", inner.Checkpoint);

    public long Rebuild(RebuildOptions options) => Write("rebuild", () => inner.Rebuild(options));

    public void Dispose()
    {
        lock (_writer)
        {
            inner.Dispose();
        }
    }

    private T Write<T>(string operation, Func<T> write)
    {
        lock (_writer)
        {
            try
            {
                var result = write();
                Finished();
                return result;
            }
            catch (Exception error) when (StorageMetrics.Failed(operation, error))
            {
                throw;
            }
        }
    }

    // Called with the gate held, after the write: numbers follow the order writes reach the file.
    private void Finished()
    {
        var sequence = Interlocked.Increment(ref _sequence);
        WriteReceipt.Current?.Note(sequence);
    }

    private bool EndTransaction(Func<bool> end)
    {
        try
        {
            return end();
        }
        finally
        {
            // Held only by a thread whose BeginTrans took it (writes release theirs before returning).
            if (Monitor.IsEntered(_writer))
            {
                Monitor.Exit(_writer);
            }
        }
    }
}
