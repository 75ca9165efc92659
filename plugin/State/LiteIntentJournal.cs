using Csnet.Common.Storage;
using Csnet.Plugin.Model;
using Csnet.Plugin.State.Documents;
using Csnet.Plugin.State.Schema;
using LiteDB;

namespace Csnet.Plugin.State;

/// <summary>The intent journal in the shared LiteDB file (collection <c>intents</c>, mapped by hand).</summary>
public sealed class LiteIntentJournal : IIntentJournal
{
    private const string Collection = "intents";
    private readonly ILiteCollection<BsonDocument> _intents;

    /// <param name="migrated">Taken so that the file is at the current schema before the first read.</param>
    public LiteIntentJournal(ILiteDatabase db, StateMigration migrated)
    {
        _ = migrated;
        _intents = db.GetCollection(Collection);
    }

    public void Begin(Intent intent) => _intents.Upsert(new BsonDocument
    {
        ["_id"] = intent.Id,
        [SchemaVersions.VersionField] = PluginSchema.Version,
        ["Operation"] = intent.Operation,
        ["Mode"] = intent.Mode,
        ["NetworkId"] = intent.NetworkId,
        ["EndpointId"] = BsonFields.Text(intent.EndpointId),
        ["Data"] = BsonFields.Map(intent.Data),
        ["StartedAt"] = intent.StartedAt,
    });

    public void End(Intent intent) => _intents.Delete(intent.Id);

    public IReadOnlyList<Intent> Pending() => _intents.FindAll().Select(d => new Intent(
        d["Operation"].AsString,
        d["Mode"].AsString,
        d["NetworkId"].AsString,
        BsonFields.OptionalText(d["EndpointId"]),
        BsonFields.Map(d["Data"]),
        d["StartedAt"].AsDateTime.ToUniversalTime())).ToList();
}
