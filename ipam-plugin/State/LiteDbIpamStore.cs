using LiteDB;

namespace Csnet.Ipam.State;

/// <summary>
/// IPAM state in the process-wide LiteDB database shared with the network driver; every collection
/// name starts with <c>ipam_</c> so the two never collide.
/// </summary>
internal sealed class LiteDbIpamStore : IIpamStore
{
    public const string PoolCollection = "ipam_pools";
    public const string AddressCollection = "ipam_addresses";

    private readonly ILiteDatabase _db;
    private readonly ILiteCollection<PoolDocument> _pools;
    private readonly ILiteCollection<AddressDocument> _addresses;

    public LiteDbIpamStore(ILiteDatabase db)
    {
        _db = db;
        _pools = db.GetCollection<PoolDocument>(PoolCollection);
        _addresses = db.GetCollection<AddressDocument>(AddressCollection);
    }

    public IReadOnlyList<PoolDocument> LoadPools() => _pools.FindAll().ToList();

    // Address ids start with "{poolId}|", so a pool's addresses are one range of the primary key;
    // a second index on PoolId would cost every insert an extra index update for no gain.
    public IReadOnlyList<AddressDocument> LoadAddresses(string poolId) =>
        _addresses.Find(Query.StartsWith("_id", AddressDocument.MakeId(poolId, ""))).ToList();

    public void InsertPool(PoolDocument pool) => _pools.Insert(pool);

    public bool SetPoolNetwork(string poolId, string networkId)
    {
        var pool = _pools.FindById(poolId);
        if (pool is null)
        {
            return false;
        }

        pool.NetworkId = networkId;
        return _pools.Update(pool);
    }

    public int DeletePool(string poolId)
    {
        // LiteDB transactions belong to the calling thread; the pool and its addresses go together
        // so a crash never leaves addresses behind for a pool ID that a new network may reuse.
        _db.BeginTrans();
        try
        {
            var addresses = _addresses.DeleteMany(Query.StartsWith("_id", AddressDocument.MakeId(poolId, "")));
            _pools.Delete(poolId);
            _db.Commit();
            return addresses;
        }
        catch
        {
            _db.Rollback();
            throw;
        }
    }

    public void InsertAddress(AddressDocument address) => _addresses.Insert(address);

    public bool DeleteAddress(string poolId, string address) =>
        _addresses.Delete(AddressDocument.MakeId(poolId, address));
}
