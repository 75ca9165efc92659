namespace Csnet.Ipam.State;

/// <summary>Durable IPAM state. Every method has completed its write when it returns.</summary>
internal interface IIpamStore
{
    IReadOnlyList<PoolDocument> LoadPools();

    IReadOnlyList<AddressDocument> LoadAddresses(string poolId);

    void InsertPool(PoolDocument pool);

    /// <summary>Records which network uses the pool and the link to probe it on; false when the pool is unknown.</summary>
    bool SetPoolNetwork(string poolId, string networkId, string? probeLink = null);

    /// <summary>Deletes the pool and all of its addresses in one transaction; returns the number of addresses.</summary>
    int DeletePool(string poolId);

    /// <summary>Inserts the address; throws when the same pool/address is already stored.</summary>
    void InsertAddress(AddressDocument address);

    /// <summary>False when the address was not stored.</summary>
    bool DeleteAddress(string poolId, string address);

    /// <summary>A random id made once and kept: the host-unique value automatic IPv6 pools derive from.</summary>
    string GetOrCreateHostId();
}
