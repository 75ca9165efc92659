using Csnet.Ipam.State;
using LiteDB;

namespace Csnet.Ipam.Tests.State;

public class LiteDbIpamStoreTests
{
    [Fact]
    public void Collections_Names_PrefixedIpam()
    {
        using var db = new LiteDatabase(new MemoryStream());
        var store = new LiteDbIpamStore(db);
        store.InsertPool(new PoolDocument { Id = "LocalDefault/10.0.0.0/24", Pool = "10.0.0.0/24" });
        store.InsertAddress(new AddressDocument { Id = AddressDocument.MakeId("LocalDefault/10.0.0.0/24", "10.0.0.1"), PoolId = "LocalDefault/10.0.0.0/24", Address = "10.0.0.1" });

        // csnet_schema is shared: it records each area's schema version.
        Assert.All(db.GetCollectionNames().Where(n => n != "csnet_schema"), name => Assert.StartsWith("ipam_", name, StringComparison.Ordinal));
    }

    [Fact]
    public void InsertAddress_SameAddressTwice_DatabaseRefuses()
    {
        using var db = new LiteDatabase(new MemoryStream());
        var store = new LiteDbIpamStore(db);
        var address = new AddressDocument { Id = AddressDocument.MakeId("p", "10.0.0.1"), PoolId = "p", Address = "10.0.0.1" };
        store.InsertAddress(address);

        Assert.Throws<LiteException>(() => store.InsertAddress(address));
    }

    [Fact]
    public void DeletePool_WithAddresses_RemovesAllAndCounts()
    {
        using var db = new LiteDatabase(new MemoryStream());
        var store = new LiteDbIpamStore(db);
        store.InsertPool(new PoolDocument { Id = "p", Pool = "10.0.0.0/24" });
        store.InsertPool(new PoolDocument { Id = "q", Pool = "10.0.1.0/24" });
        foreach (var (pool, address) in new[] { ("p", "10.0.0.1"), ("p", "10.0.0.2"), ("q", "10.0.1.1") })
        {
            store.InsertAddress(new AddressDocument { Id = AddressDocument.MakeId(pool, address), PoolId = pool, Address = address });
        }

        Assert.Equal(2, store.DeletePool("p"));

        Assert.Equal("q", Assert.Single(store.LoadPools()).Id);
        Assert.Empty(store.LoadAddresses("p"));
        Assert.Single(store.LoadAddresses("q"));
    }

    [Fact]
    public void SetPoolNetwork_UnknownPool_ReturnsFalse()
    {
        using var db = new LiteDatabase(new MemoryStream());

        Assert.False(new LiteDbIpamStore(db).SetPoolNetwork("nope", "net"));
    }
}
