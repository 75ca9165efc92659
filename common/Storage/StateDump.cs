using LiteDB;

namespace Csnet.Common.Storage;

/// <summary>
/// The whole database as a <see cref="StateDumpFile"/> and back: what <c>csnetctl state export</c>
/// asks the running plugin for and <c>state import</c> writes into a stopped one's folder.
/// </summary>
public static class StateDump
{
    /// <summary>
    /// Every user collection (LiteDB's own <c>$</c> collections are views of the engine, not data)
    /// with every document, read as of one moment. LiteDB takes a read snapshot per collection,
    /// when a transaction first reads it, so a transaction alone could still see a pool deleted
    /// with its addresses between two collections. On csnet's <see cref="SerialWriteEngine"/> a
    /// transaction also holds the one writer gate until it ends, so no write lands while this reads:
    /// writers wait the few milliseconds it takes.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called inside a transaction of this thread (its rollback would undo the caller's).</exception>
    public static StateDumpFile Read(ILiteDatabase db, string csnetVersion, DateTimeOffset exportedAt)
    {
        if (!db.BeginTrans())
            throw new InvalidOperationException("a state export cannot run inside another transaction");
        try
        {
            var collections = new SortedDictionary<string, IReadOnlyList<BsonDocument>>(StringComparer.Ordinal);
            foreach (var name in db.GetCollectionNames().Where(n => !n.StartsWith('$')))
                collections[name] = db.GetCollection(name).FindAll().ToList();
            return new StateDumpFile(exportedAt.ToString("o", System.Globalization.CultureInfo.InvariantCulture), csnetVersion, collections);
        }
        finally
        {
            db.Rollback();
        }
    }

    /// <summary>
    /// Makes the database hold exactly <paramref name="file"/>: every document of every existing
    /// collection goes, every document of the file comes, in one transaction, so a failure (a
    /// document LiteDB refuses, a full disk) leaves the database as it was. Collections are emptied
    /// rather than dropped because LiteDB cannot drop a collection inside a transaction.
    /// Whether the database may be replaced is the caller's decision.
    /// </summary>
    public static void Replace(ILiteDatabase db, StateDumpFile file)
    {
        if (!db.BeginTrans())
            throw new InvalidOperationException("a state import cannot run inside another transaction");
        try
        {
            foreach (var name in db.GetCollectionNames().Where(n => !n.StartsWith('$')).ToList())
                db.GetCollection(name).DeleteAll();
            foreach (var (name, documents) in file.Collections)
                db.GetCollection(name).InsertBulk(documents);
            db.Commit();
        }
        catch
        {
            db.Rollback();
            throw;
        }
    }
}
