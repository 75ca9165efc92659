using LiteDB;

namespace Csnet.Plugin.State;

/// <summary>Networks in the shared LiteDB file; each call is one durable LiteDB operation.</summary>
public sealed class LiteNetworkStore(ILiteDatabase db) : INetworkStore
{
    private readonly ILiteCollection<NetworkRecord> _networks = db.GetCollection<NetworkRecord>("networks");

    public void Add(NetworkRecord network) => _networks.Insert(network);

    public NetworkRecord? Find(string networkId) => _networks.FindById(networkId);

    public void Remove(string networkId) => _networks.Delete(networkId);

    public IReadOnlyList<NetworkRecord> All() => _networks.FindAll().ToList();
}
