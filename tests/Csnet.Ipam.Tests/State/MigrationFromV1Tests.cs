using Csnet.Common.Storage;
using Csnet.Ipam.State;
using Csnet.Ipam.Tests.Support;
using LiteDB;

namespace Csnet.Ipam.Tests.State;

/// <summary>The IPAM half of tests/fixtures/csnet-v1.db (see the fixtures' README) after the upgrade.</summary>
public sealed class MigrationFromV1Tests : IDisposable
{
    private readonly TempDatabaseFile _file = new();
    private readonly LiteDatabase _db;

    public MigrationFromV1Tests()
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "csnet-v1.db"), _file.Path);
        _db = new LiteDatabase(_file.ConnectionString);
    }

    public void Dispose()
    {
        _db.Dispose();
        _file.Dispose();
    }

    [Fact]
    public void Migrate_Version1File_FindsEveryPoolAndAddress()
    {
        var store = new LiteDbIpamStore(_db);

        Assert.Equal(IpamSchema.Version, SchemaVersions.Read(_db, IpamSchema.Area));
        var pools = store.LoadPools().ToDictionary(p => p.Id);
        Assert.Equal(["LocalDefault/10.77.0.0/24", "LocalDefault/10.78.0.0/16/10.78.1.0/24", "LocalDefault/10.79.0.0/24", "LocalDefault/172.17.0.0/16"], pools.Keys.Order());
        Assert.All(pools.Values, p => Assert.Equal(1, p.Revision));
        Assert.Equal("10.78.1.0/24", pools["LocalDefault/10.78.0.0/16/10.78.1.0/24"].SubPool);
        Assert.Equal("bar", pools["LocalDefault/10.78.0.0/16/10.78.1.0/24"].Options["foo"]);
        Assert.StartsWith("aaaa1111bbbb", pools["LocalDefault/10.77.0.0/24"].NetworkId);
        Assert.Equal(["10.77.0.1", "10.77.0.2", "10.77.0.5"], store.LoadAddresses("LocalDefault/10.77.0.0/24").Select(a => a.Address).Order());
        Assert.Equal(
            [(AddressKind.Gateway, "10.78.0.1"), (AddressKind.Explicit, "10.78.1.9")],
            store.LoadAddresses("LocalDefault/10.78.0.0/16/10.78.1.0/24").Select(a => (a.Kind, a.Address)).OrderBy(a => a.Address));
    }

    [Fact]
    public void Migrate_Version1File_AllocatorContinuesWhereVersion1Stopped()
    {
        using var harness = new IpamHarness(_db);

        Assert.Equal("10.77.0.3/24", harness.Address("LocalDefault/10.77.0.0/24"));
        var error = Assert.Throws<Csnet.Ipam.Allocation.IpamException>(() => harness.Address("LocalDefault/10.77.0.0/24", "10.77.0.5"));
        Assert.Contains("already in use", error.Message);
    }
}
