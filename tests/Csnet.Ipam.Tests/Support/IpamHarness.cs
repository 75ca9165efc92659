using Csnet.Common.Storage;
using System.Net;
using Csnet.Ipam.Allocation;
using Csnet.Ipam.State;
using LiteDB;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace Csnet.Ipam.Tests.Support;

/// <summary>An allocator over an in-memory (or given) LiteDB database and mocked host routes.</summary>
internal sealed class IpamHarness : IDisposable
{
    private readonly bool _ownsDatabase;

    public IpamHarness(ILiteDatabase? database = null, IpamOptions? options = null, params (string Address, int Length)[] hostPrefixes)
    {
        _ownsDatabase = database is null;
        Database = database ?? Databases.InMemory();
        HostRoutes = new Mock<IHostRoutes>();
        HostRoutes.Setup(h => h.GetHostPrefixes())
            .Returns(() => hostPrefixes.Select(p => (IPAddress.Parse(p.Address), p.Length)).ToList());
        Options = options ?? new IpamOptions();
        Store = new LiteDbIpamStore(Database);
        Allocator = NewAllocator();
    }

    public ILiteDatabase Database { get; }

    public Mock<IHostRoutes> HostRoutes { get; }

    public IpamOptions Options { get; }

    /// <summary>The LAN the probe asks: addresses held there answer with their MAC.</summary>
    public FakeLanProbe Lan { get; } = new();

    public ManualTimeProvider Time { get; } = new();

    public LiteDbIpamStore Store { get; }

    public IpamAllocator Allocator { get; }

    /// <summary>A fresh allocator over the same database, as after a plugin restart.</summary>
    public IpamAllocator NewAllocator() => new(
        new LiteDbIpamStore(Database),
        HostRoutes.Object,
        Lan,
        Microsoft.Extensions.Options.Options.Create(Options),
        Time,
        NullLogger<IpamAllocator>.Instance);

    public AllocatedPool Pool(string? pool, string? subPool = null, string space = "LocalDefault") =>
        Allocator.RequestPool(new PoolRequest(space, pool, subPool, V6: false));

    public string Address(string poolId, string? address = null, bool gateway = false) =>
        Allocator.RequestAddress(poolId, address, gateway).Cidr;

    public void Dispose()
    {
        if (_ownsDatabase)
        {
            Database.Dispose();
        }
    }
}
