using LiteDB;

namespace Csnet.Common.Storage;

/// <summary>
/// Which schema version each area of the shared database (the plugin's networks and endpoints, the
/// IPAM's pools and addresses) is written in, and the upgrade of older files at start. Each area
/// owns its collections and its migrations; this only keeps the version record
/// (collection <c>csnet_schema</c>, one document per area) and runs the steps in one transaction,
/// so a crash during an upgrade leaves the old file as it was.
/// </summary>
public static class SchemaVersions
{
    public const string Collection = "csnet_schema";

    /// <summary>Every document also carries the version it was written in, and its revision.</summary>
    public const string VersionField = "Schema";

    /// <summary>Bumped on every write; compare-and-swap writes check it.</summary>
    public const string RevisionField = "Revision";

    /// <summary>The version recorded for <paramref name="area"/>, or null when none is.</summary>
    public static int? Read(ILiteDatabase db, string area)
    {
        var record = db.GetCollection(Collection).FindById(area);
        return record is null ? null : record["Version"].AsInt32;
    }

    /// <summary>
    /// Brings <paramref name="area"/> to <paramref name="current"/>. Without a version record the
    /// area is either new (no data: recorded as current) or was written before versions existed
    /// (data present: version 1). Each step upgrades from the version it names to the next one.
    /// Returns the versions it upgraded from, oldest first (empty when nothing was to do).
    /// </summary>
    /// <exception cref="InvalidDataException">The file is newer than this build (a downgrade).</exception>
    public static IReadOnlyList<int> Migrate(
        ILiteDatabase db,
        string area,
        int current,
        Func<ILiteDatabase, bool> hasUnversionedData,
        IReadOnlyDictionary<int, Action<ILiteDatabase>> steps)
    {
        var version = Read(db, area) ?? (hasUnversionedData(db) ? 1 : current);
        if (version > current)
        {
            throw new InvalidDataException(
                $"the state database's {area} data is schema version {version}, newer than this csnet build understands ({current}); run the newer csnet, or restore a backup made for this version");
        }

        var upgraded = new List<int>();
        db.BeginTrans();
        try
        {
            for (; version < current; version++)
            {
                if (!steps.TryGetValue(version, out var step))
                {
                    throw new InvalidDataException($"no migration of the {area} data from schema version {version}");
                }

                step(db);
                upgraded.Add(version);
            }

            db.GetCollection(Collection).Upsert(new BsonDocument { ["_id"] = area, ["Version"] = current });
            db.Commit();
        }
        catch
        {
            db.Rollback();
            throw;
        }

        return upgraded;
    }

    /// <summary>Throws when a document is not in the version this build reads (the file was not migrated).</summary>
    public static void RequireVersion(BsonDocument document, int version, string what)
    {
        var stored = document[VersionField];
        if (!stored.IsInt32 || stored.AsInt32 != version)
        {
            throw new InvalidDataException($"stored {what} {document["_id"]} is in schema version {stored}, expected {version}; the database was not migrated");
        }
    }
}
