using Csnet.Common.Storage;
using Csnet.Plugin.Model;
using Csnet.Plugin.State.Documents;
using Csnet.Plugin.State.Schema;
using LiteDB;

namespace Csnet.Plugin.State;

/// <summary>
/// Endpoints in the shared LiteDB file, indexed by network (DeleteNetwork's sweep) and by whether
/// they publish ports (the firewall). Compare-and-swap as in <see cref="LiteNetworkStore"/>.
/// Every endpoint is also kept in memory, read once from the file at the first call and changed with
/// each write under the same gate (this process is the file's only writer): an endpoint cycle reads
/// its endpoint and its network's endpoints several times, and those reads were a third of csnet's
/// LiteDB work. The file stays the truth; a restart reads it again.
/// </summary>
public sealed class LiteEndpointStore : IEndpointStore
{
    private readonly ILiteCollection<BsonDocument> _endpoints;
    private readonly Lock _gate = new();
    private readonly Lazy<Mirror> _mirror;

    /// <param name="migrated">Taken so that the file is at the current schema before the first read.</param>
    public LiteEndpointStore(ILiteDatabase db, StateMigration migrated)
    {
        _ = migrated;
        _endpoints = db.GetCollection(EndpointDocument.Collection);
        _endpoints.EnsureIndex("NetworkId");
        _endpoints.EnsureIndex("HasPorts");
        _mirror = new Lazy<Mirror>(() =>
        {
            lock (_gate)
                return new Mirror(_endpoints.FindAll().Select(EndpointDocument.FromBson));
        });
    }

    public Endpoint? Find(string endpointId) => _mirror.Value.Find(endpointId);

    public IReadOnlyList<Endpoint> ForNetwork(string networkId) => _mirror.Value.ForNetwork(networkId);

    public IReadOnlyList<Endpoint> WithPorts() => _mirror.Value.WithPorts();

    public Endpoint Insert(Endpoint endpoint)
    {
        var stored = endpoint with { Revision = 1 };
        var mirror = _mirror.Value;
        lock (_gate)
        {
            if (mirror.Find(endpoint.Id) is not null)
                throw new StoreConflictException($"endpoint {DockerId.Short(endpoint.Id)} is already stored");
            _endpoints.Insert(EndpointDocument.ToBson(stored));
            mirror.Put(stored);
        }
        return stored;
    }

    public Endpoint? TryReplace(Endpoint updated)
    {
        var mirror = _mirror.Value;
        lock (_gate)
        {
            if (mirror.Find(updated.Id) is not { } current || current.Revision != updated.Revision)
                return null;
            var stored = updated with { Revision = updated.Revision + 1 };
            _endpoints.Update(EndpointDocument.ToBson(stored));
            mirror.Put(stored);
            return stored;
        }
    }

    public bool Delete(string endpointId)
    {
        var mirror = _mirror.Value;
        lock (_gate)
        {
            var deleted = _endpoints.Delete(endpointId);
            mirror.Remove(endpointId);
            return deleted;
        }
    }

    /// <summary>
    /// The endpoints by id and by network. Changed only under the store's gate; read without it: each
    /// network's set is replaced whole (copy on write), so a reader sees one version or the next.
    /// </summary>
    private sealed class Mirror
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Endpoint> _byId = new(StringComparer.Ordinal);
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<Endpoint>> _byNetwork = new(StringComparer.Ordinal);

        public Mirror(IEnumerable<Endpoint> stored)
        {
            foreach (var endpoint in stored)
                Put(endpoint);
        }

        public Endpoint? Find(string endpointId) => _byId.GetValueOrDefault(endpointId);

        public IReadOnlyList<Endpoint> ForNetwork(string networkId) => _byNetwork.GetValueOrDefault(networkId) ?? [];

        public IReadOnlyList<Endpoint> WithPorts() => [.. _byId.Values.Where(e => e.Ports.Count > 0).OrderBy(e => e.Id, StringComparer.Ordinal)];

        public void Put(Endpoint endpoint)
        {
            if (_byId.TryGetValue(endpoint.Id, out var old) && old.NetworkId != endpoint.NetworkId)
                Without(old);
            _byId[endpoint.Id] = endpoint;
            var members = _byNetwork.GetValueOrDefault(endpoint.NetworkId) ?? [];
            _byNetwork[endpoint.NetworkId] = [.. members.Where(e => e.Id != endpoint.Id).Append(endpoint).OrderBy(e => e.Id, StringComparer.Ordinal)];
        }

        public void Remove(string endpointId)
        {
            if (_byId.TryRemove(endpointId, out var old))
                Without(old);
        }

        private void Without(Endpoint endpoint)
        {
            var rest = (_byNetwork.GetValueOrDefault(endpoint.NetworkId) ?? []).Where(e => e.Id != endpoint.Id).ToList();
            if (rest.Count == 0)
                _byNetwork.TryRemove(endpoint.NetworkId, out _);
            else
                _byNetwork[endpoint.NetworkId] = rest;
        }
    }
}
