using Csnet.Common.Storage;
using Csnet.Plugin.Model;
using Csnet.Plugin.State.Documents;
using Csnet.Plugin.State.Schema;
using LiteDB;

namespace Csnet.Plugin.State;

/// <summary>
/// Networks in the shared LiteDB file; each call is one durable LiteDB operation. Compare-and-swap
/// holds one gate from read to write: the process owns the file (direct mode, opened exclusively),
/// so every writer — requests, reconcile, the CLI through the socket — passes through it.
/// </summary>
public sealed class LiteNetworkStore : INetworkStore
{
    private readonly ILiteCollection<BsonDocument> _networks;
    private readonly SettingsCodecs _codecs;
    private readonly Lock _gate = new();

    /// <param name="migrated">Taken so that the file is at the current schema before the first read.</param>
    public LiteNetworkStore(ILiteDatabase db, SettingsCodecs codecs, StateMigration migrated)
    {
        _ = migrated;
        _networks = db.GetCollection(NetworkDocument.Collection);
        _codecs = codecs;
    }

    public Network? Find(string networkId) =>
        _networks.FindById(networkId) is { } document ? Read(document) : null;

    public IReadOnlyList<Network> All() => _networks.FindAll().Select(Read).ToList();

    public Network Insert(Network network)
    {
        var stored = network with { Revision = 1 };
        lock (_gate)
        {
            if (_networks.FindById(network.Id) is not null)
                throw new StoreConflictException($"network {DockerId.Short(network.Id)} is already stored");
            _networks.Insert(Write(stored));
        }
        return stored;
    }

    public Network? TryReplace(Network updated)
    {
        lock (_gate)
        {
            if (_networks.FindById(updated.Id) is not { } current
                || current[SchemaVersions.RevisionField].AsInt64 != updated.Revision)
                return null;
            var stored = updated with { Revision = updated.Revision + 1 };
            _networks.Update(Write(stored));
            return stored;
        }
    }

    public bool Delete(string networkId)
    {
        lock (_gate)
        {
            return _networks.Delete(networkId);
        }
    }

    private BsonDocument Write(Network network) => NetworkDocument.ToBson(network, _codecs.For(network.Mode));

    private Network Read(BsonDocument document) => NetworkDocument.FromBson(document, _codecs.For);
}
