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
/// Because it does, a network once read is kept in memory and replaced or dropped with each write
/// under the same gate: every endpoint call looks its network up (several FindById queries per
/// endpoint cycle), and a network changes rarely. The file stays the truth; a restart reads it again.
/// </summary>
public sealed class LiteNetworkStore : INetworkStore
{
    private readonly ILiteCollection<BsonDocument> _networks;
    private readonly SettingsCodecs _codecs;
    private readonly Lock _gate = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Network> _read = new(StringComparer.Ordinal);

    /// <param name="migrated">Taken so that the file is at the current schema before the first read.</param>
    public LiteNetworkStore(ILiteDatabase db, SettingsCodecs codecs, StateMigration migrated)
    {
        _ = migrated;
        _networks = db.GetCollection(NetworkDocument.Collection);
        _codecs = codecs;
    }

    public Network? Find(string networkId)
    {
        if (_read.TryGetValue(networkId, out var known))
            return known;
        // A miss reads under the gate, so a delete cannot slip between the read and the keeping.
        lock (_gate)
        {
            if (_read.TryGetValue(networkId, out known))
                return known;
            if (_networks.FindById(networkId) is not { } document)
                return null;
            return _read[networkId] = Read(document);
        }
    }

    public IReadOnlyList<Network> All() => _networks.FindAll().Select(Read).ToList();

    public Network Insert(Network network)
    {
        var stored = network with { Revision = 1 };
        lock (_gate)
        {
            if (_networks.FindById(network.Id) is not null)
                throw new StoreConflictException($"network {DockerId.Short(network.Id)} is already stored");
            _networks.Insert(Write(stored));
            _read[stored.Id] = stored;
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
            _read[stored.Id] = stored;
            return stored;
        }
    }

    public bool Delete(string networkId)
    {
        lock (_gate)
        {
            _read.TryRemove(networkId, out _);
            return _networks.Delete(networkId);
        }
    }

    private BsonDocument Write(Network network) => NetworkDocument.ToBson(network, _codecs.For(network.Mode));

    private Network Read(BsonDocument document) => NetworkDocument.FromBson(document, _codecs.For);
}
