namespace Csnet.Plugin.State;

public interface IEndpointStore
{
    void Add(EndpointRecord endpoint);
    EndpointRecord? Find(string endpointId);
    void Update(EndpointRecord endpoint);
    void Remove(string endpointId);
    IReadOnlyList<EndpointRecord> ForNetwork(string networkId);

    /// <summary>Every endpoint that publishes ports, on any network (host ports are host-wide).</summary>
    IReadOnlyList<EndpointRecord> WithPorts();
}
