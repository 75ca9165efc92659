using Csnet.Ipam.State;
using LiteDB;

namespace Csnet.Ipam;

/// <summary>
/// The IPAM half of <c>csnet selftest</c>: a pool and an address make a round trip through the real
/// store, every member compared by hand (a mapper that lost members to trimming reads back defaults,
/// and comparing through the same mapper would not notice). Returns the mismatches.
/// </summary>
public static class IpamStoreSelfTest
{
    public static IReadOnlyList<string> Run(ILiteDatabase db)
    {
        var store = new LiteDbIpamStore(db);
        var mismatches = new List<string>();
        var created = new DateTime(2026, 12, 1, 12, 34, 56, DateTimeKind.Utc);
        var pool = new PoolDocument
        {
            Id = "SelftestSpace/10.250.0.0/24",
            AddressSpace = "SelftestSpace",
            Pool = "10.250.0.0/24",
            SubPool = "10.250.0.128/25",
            Options = new() { ["selftest"] = "yes" },
            CreatedUtc = created,
        };
        store.InsertPool(pool);
        Expect(mismatches, "SetPoolNetwork", true, store.SetPoolNetwork(pool.Id, "selftest-network"));
        var pools = store.LoadPools();
        var readPool = pools.SingleOrDefault(p => p.Id == pool.Id);
        if (readPool is null)
        {
            mismatches.Add($"LoadPools: the pool did not come back ({pools.Count} pools, ids [{string.Join(", ", pools.Select(p => p.Id))}])");
        }
        else
        {
            Expect(mismatches, "PoolDocument.AddressSpace", pool.AddressSpace, readPool.AddressSpace);
            Expect(mismatches, "PoolDocument.Pool", pool.Pool, readPool.Pool);
            Expect(mismatches, "PoolDocument.SubPool", pool.SubPool, readPool.SubPool);
            Expect(mismatches, "PoolDocument.NetworkId", "selftest-network", readPool.NetworkId);
            Expect(mismatches, "PoolDocument.Options", "selftest=yes", string.Join(",", readPool.Options?.Select(o => $"{o.Key}={o.Value}") ?? []));
            Expect(mismatches, "PoolDocument.CreatedUtc", created, readPool.CreatedUtc.ToUniversalTime());
        }

        var address = new AddressDocument
        {
            Id = AddressDocument.MakeId(pool.Id, "10.250.0.130"),
            PoolId = pool.Id,
            Address = "10.250.0.130",
            Kind = AddressKind.Explicit,
            CreatedUtc = created,
        };
        store.InsertAddress(address);
        var readAddress = store.LoadAddresses(pool.Id).SingleOrDefault();
        if (readAddress is null)
        {
            mismatches.Add("LoadAddresses: the address did not come back");
        }
        else
        {
            Expect(mismatches, "AddressDocument.Id", address.Id, readAddress.Id);
            Expect(mismatches, "AddressDocument.PoolId", address.PoolId, readAddress.PoolId);
            Expect(mismatches, "AddressDocument.Address", address.Address, readAddress.Address);
            Expect(mismatches, "AddressDocument.Kind", address.Kind, readAddress.Kind);
            Expect(mismatches, "AddressDocument.CreatedUtc", created, readAddress.CreatedUtc.ToUniversalTime());
        }

        Expect(mismatches, "DeleteAddress", true, store.DeleteAddress(pool.Id, address.Address));
        store.InsertAddress(address);
        Expect(mismatches, "DeletePool (addresses removed)", 1, store.DeletePool(pool.Id));
        Expect(mismatches, "LoadPools after DeletePool", 0, store.LoadPools().Count(p => p.Id == pool.Id));
        return mismatches;
    }

    private static void Expect<T>(List<string> mismatches, string member, T expected, T actual)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            mismatches.Add($"{member}: stored {expected}, read back {actual?.ToString() ?? "null"}");
        }
    }
}
