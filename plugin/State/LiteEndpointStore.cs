using LiteDB;

namespace Csnet.Plugin.State;

/// <summary>Endpoints in the shared LiteDB file, indexed by network for DeleteNetwork's sweep.</summary>
public sealed class LiteEndpointStore : IEndpointStore
{
    private readonly ILiteCollection<EndpointRecord> _endpoints;

    public LiteEndpointStore(ILiteDatabase db)
    {
        _endpoints = db.GetCollection<EndpointRecord>("endpoints");
        _endpoints.EnsureIndex(e => e.NetworkId);
    }

    public void Add(EndpointRecord endpoint) => _endpoints.Insert(endpoint);

    public EndpointRecord? Find(string endpointId) => _endpoints.FindById(endpointId);

    public void Update(EndpointRecord endpoint) => _endpoints.Update(endpoint);

    public void Remove(string endpointId) => _endpoints.Delete(endpointId);

    public IReadOnlyList<EndpointRecord> ForNetwork(string networkId) =>
        _endpoints.Find(e => e.NetworkId == networkId).ToList();

    /// <summary>A scan: endpoints number in the hundreds, and this runs only when ports are published.</summary>
    public IReadOnlyList<EndpointRecord> WithPorts() =>
        _endpoints.FindAll().Where(e => e.Ports.Count > 0).ToList();
}
