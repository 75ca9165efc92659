using LiteDB;

namespace Csnet.Ipam.State;

/// <summary>
/// IPAM state in the process-wide LiteDB database shared with the network driver; every collection
/// name starts with <c>ipam_</c> so the two never collide. Documents are mapped by hand
/// (<see cref="PoolDocument.ToBson"/>); an older file is migrated when the store opens.
/// </summary>
internal sealed class LiteDbIpamStore : IIpamStore
{
    public const string PoolCollection = "ipam_pools";
    public const string AddressCollection = "ipam_addresses";
    public const string SettingsCollection = "ipam_settings";
    private const string HostIdKey = "host-id";

    private readonly ILiteDatabase _db;
    private readonly ILiteCollection<BsonDocument> _pools;
    private readonly ILiteCollection<BsonDocument> _addresses;
    private readonly Lock _casGate = new();

    public LiteDbIpamStore(ILiteDatabase db)
    {
        _db = db;
        IpamSchema.Migrate(db);
        _pools = db.GetCollection(PoolCollection);
        _addresses = db.GetCollection(AddressCollection);
    }

    public IReadOnlyList<PoolDocument> LoadPools() => _pools.FindAll().Select(PoolDocument.FromBson).ToList();

    // Address ids start with "{poolId}|", so a pool's addresses are one range of the primary key;
    // a second index on PoolId would cost every insert an extra index update for no gain.
    public IReadOnlyList<AddressDocument> LoadAddresses(string poolId) =>
        _addresses.Find(Query.StartsWith("_id", AddressDocument.MakeId(poolId, ""))).Select(AddressDocument.FromBson).ToList();

    public void InsertPool(PoolDocument pool)
    {
        pool.Revision = 1;
        _pools.Insert(pool.ToBson());
    }

    public bool SetPoolNetwork(string poolId, string networkId, string? probeLink = null)
    {
        // Read, compare and write under one gate: the revision read is the one replaced.
        lock (_casGate)
        {
            if (_pools.FindById(poolId) is not { } stored)
            {
                return false;
            }

            var pool = PoolDocument.FromBson(stored);
            pool.NetworkId = networkId;
            pool.ProbeLink = probeLink;
            pool.Revision++;
            return _pools.Update(pool.ToBson());
        }
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

    public void InsertAddress(AddressDocument address) => _addresses.Insert(address.ToBson());

    public bool DeleteAddress(string poolId, string address) =>
        _addresses.Delete(AddressDocument.MakeId(poolId, address));

    public string GetOrCreateHostId()
    {
        var settings = _db.GetCollection(SettingsCollection);
        lock (_casGate)
        {
            if (settings.FindById(HostIdKey) is { } stored)
            {
                return stored["Value"].AsString;
            }

            var id = Guid.NewGuid().ToString();
            settings.Insert(new BsonDocument { ["_id"] = HostIdKey, ["Value"] = id });
            return id;
        }
    }
}
