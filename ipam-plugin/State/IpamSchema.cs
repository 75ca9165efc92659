using Csnet.Common.Storage;
using LiteDB;

namespace Csnet.Ipam.State;

/// <summary>
/// Schema versions of the IPAM's documents. Version 1 (before versions were recorded) had no
/// <c>Schema</c> and <c>Revision</c> fields; version 2 adds both, unchanged otherwise.
/// </summary>
internal static class IpamSchema
{
    public const string Area = "ipam";
    public const int Version = 2;
    public const string VersionField = SchemaVersions.VersionField;
    public const string RevisionField = SchemaVersions.RevisionField;

    public static IReadOnlyList<int> Migrate(ILiteDatabase db) => SchemaVersions.Migrate(
        db,
        Area,
        Version,
        hasUnversionedData: d => d.CollectionExists(LiteDbIpamStore.PoolCollection) || d.CollectionExists(LiteDbIpamStore.AddressCollection),
        new Dictionary<int, Action<ILiteDatabase>> { [1] = AddVersionAndRevision });

    public static void RequireCurrent(BsonDocument document, string what) =>
        SchemaVersions.RequireVersion(document, Version, $"IPAM {what}");

    private static void AddVersionAndRevision(ILiteDatabase db)
    {
        foreach (var name in new[] { LiteDbIpamStore.PoolCollection, LiteDbIpamStore.AddressCollection })
        {
            var collection = db.GetCollection(name);
            foreach (var document in collection.FindAll().ToList())
            {
                document[VersionField] = Version;
                document[RevisionField] = 1L;
                collection.Update(document);
            }
        }
    }
}
