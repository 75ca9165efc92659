using Csnet.Common.Storage;
using Csnet.Plugin.Model;
using Csnet.Plugin.State.Documents;
using Csnet.Plugin.State.Schema;
using LiteDB;

namespace Csnet.Plugin.State;

/// <summary>
/// Endpoints in the shared LiteDB file, indexed by network (DeleteNetwork's sweep) and by whether
/// they publish ports (the firewall). Compare-and-swap as in <see cref="LiteNetworkStore"/>.
/// </summary>
public sealed class LiteEndpointStore : IEndpointStore
{
    private readonly ILiteCollection<BsonDocument> _endpoints;
    private readonly Lock _gate = new();

    /// <param name="migrated">Taken so that the file is at the current schema before the first read.</param>
    public LiteEndpointStore(ILiteDatabase db, StateMigration migrated)
    {
        _ = migrated;
        _endpoints = db.GetCollection(EndpointDocument.Collection);
        _endpoints.EnsureIndex("NetworkId");
        _endpoints.EnsureIndex("HasPorts");
    }

    public Endpoint? Find(string endpointId) =>
        _endpoints.FindById(endpointId) is { } document ? EndpointDocument.FromBson(document) : null;

    public IReadOnlyList<Endpoint> ForNetwork(string networkId) =>
        _endpoints.Find(Query.EQ("NetworkId", networkId)).Select(EndpointDocument.FromBson).ToList();

    public IReadOnlyList<Endpoint> WithPorts() =>
        _endpoints.Find(Query.EQ("HasPorts", true)).Select(EndpointDocument.FromBson).ToList();

    public Endpoint Insert(Endpoint endpoint)
    {
        var stored = endpoint with { Revision = 1 };
        lock (_gate)
        {
            if (_endpoints.FindById(endpoint.Id) is not null)
                throw new StoreConflictException($"endpoint {DockerId.Short(endpoint.Id)} is already stored");
            _endpoints.Insert(EndpointDocument.ToBson(stored));
        }
        return stored;
    }

    public Endpoint? TryReplace(Endpoint updated)
    {
        lock (_gate)
        {
            if (_endpoints.FindById(updated.Id) is not { } current
                || current[SchemaVersions.RevisionField].AsInt64 != updated.Revision)
                return null;
            var stored = updated with { Revision = updated.Revision + 1 };
            _endpoints.Update(EndpointDocument.ToBson(stored));
            return stored;
        }
    }

    public bool Delete(string endpointId)
    {
        lock (_gate)
        {
            return _endpoints.Delete(endpointId);
        }
    }
}
