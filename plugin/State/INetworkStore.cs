namespace Csnet.Plugin.State;

public interface INetworkStore
{
    void Add(NetworkRecord network);
    NetworkRecord? Find(string networkId);
    void Remove(string networkId);
    IReadOnlyList<NetworkRecord> All();
}
