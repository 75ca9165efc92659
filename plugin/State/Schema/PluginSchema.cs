using Csnet.Common.Storage;
using Csnet.Plugin.State.Documents;
using LiteDB;

namespace Csnet.Plugin.State.Schema;

/// <summary>
/// Schema versions of the plugin's documents (networks, endpoints). Version 1 is what csnet wrote
/// before versions were recorded (reflection-mapped records shaped like one bridge with one IPv4
/// subnet); version 2 is the mode- and family-neutral model (<see cref="NetworkDocument"/>,
/// <see cref="EndpointDocument"/>).
/// </summary>
public static class PluginSchema
{
    public const string Area = "plugin";
    public const int Version = 2;

    /// <summary>Upgrades an older file in one transaction; returns the versions it upgraded from.</summary>
    public static IReadOnlyList<int> Migrate(ILiteDatabase db) => SchemaVersions.Migrate(
        db,
        Area,
        Version,
        hasUnversionedData: d => d.CollectionExists(NetworkDocument.Collection) || d.CollectionExists(EndpointDocument.Collection),
        new Dictionary<int, Action<ILiteDatabase>> { [1] = MigrationFromV1.Apply });
}
