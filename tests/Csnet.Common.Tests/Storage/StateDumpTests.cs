using Csnet.Common.Storage;
using LiteDB;

namespace Csnet.Common.Tests.Storage;

// LiteDB transactions belong to the thread that began them: these tests stay on their thread.
#pragma warning disable xUnit1031

public sealed class StateDumpTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 7, 0, 0, TimeSpan.Zero);
    private readonly LiteDatabase _source = Databases.InMemory();
    private readonly LiteDatabase _target = Databases.InMemory();

    public StateDumpTests()
    {
        _source.GetCollection(SchemaVersions.Collection).Insert(new BsonDocument { ["_id"] = "plugin", ["Version"] = 2 });
        _source.GetCollection("networks").Insert(new BsonDocument { ["_id"] = "n1", ["Mode"] = "bridge", ["Revision"] = 3L });
        _source.GetCollection("ipam_pools").Insert(new BsonDocument { ["_id"] = "p1", ["Pool"] = "10.0.0.0/24" });
        _source.GetCollection("ipam_addresses").Insert([
            new BsonDocument { ["_id"] = "p1|10.0.0.1" },
            new BsonDocument { ["_id"] = "p1|10.0.0.2" },
        ]);
    }

    [Fact]
    public void Read_TakesEveryCollectionWithEveryDocumentIncludingSchemaVersions()
    {
        var dump = StateDump.Read(_source, "1.0.0", At);

        Assert.Equal(["csnet_schema", "ipam_addresses", "ipam_pools", "networks"], dump.Collections.Keys);
        Assert.Equal(5, dump.Documents);
        Assert.Equal(2, dump.Collections["csnet_schema"].Single()["Version"].AsInt32);
        Assert.Equal(("1.0.0", "2026-12-02T07:00:00.0000000+00:00"), (dump.CsnetVersion, dump.ExportedAt));
    }

    [Fact]
    public void Replace_IntoAnEmptyDatabase_ReadsBackIdentically()
    {
        var json = StateDump.Read(_source, "1.0.0", At).ToJson();

        StateDump.Replace(_target, StateDumpFile.Parse(json));

        Assert.Equal(json, StateDump.Read(_target, "1.0.0", At).ToJson());
    }

    [Fact]
    public void Replace_DatabaseWithOtherDocuments_HoldsExactlyTheFile()
    {
        _target.GetCollection("networks").Insert(new BsonDocument { ["_id"] = "old" });
        _target.GetCollection("intents").Insert(new BsonDocument { ["_id"] = "pending" });

        StateDump.Replace(_target, StateDump.Read(_source, "1.0.0", At));

        Assert.Equal(["n1"], _target.GetCollection("networks").FindAll().Select(d => d["_id"].AsString));
        Assert.Equal(0, _target.GetCollection("intents").Count());
        Assert.Equal(2, _target.GetCollection("ipam_addresses").Count());
    }

    [Fact]
    public void Replace_LiteDbRefusesACollection_DatabaseIsAsItWas()
    {
        _target.GetCollection("networks").Insert(new BsonDocument { ["_id"] = "old" });
        var dump = StateDump.Read(_source, "1.0.0", At);
        // Sorted after the others, so the valid collections are written before LiteDB refuses:
        // a name longer than the header has room for passes the file's checks.
        var collections = new SortedDictionary<string, IReadOnlyList<BsonDocument>>(dump.Collections.ToDictionary(), StringComparer.Ordinal)
        {
            [new string('z', 9000)] = [new BsonDocument { ["_id"] = 1 }],
        };

        Assert.Throws<LiteException>(() => StateDump.Replace(_target, dump with { Collections = collections }));

        Assert.Equal(["old"], _target.GetCollection("networks").FindAll().Select(d => d["_id"].AsString));
        Assert.Equal(0, _target.GetCollection("ipam_addresses").Count());
    }

    [Fact]
    public void Read_WhileADocumentMovesBetweenCollections_SeesItExactlyOnce()
    {
        // A write that spans two collections (as DeletePool does): LiteDB's per-collection read
        // snapshots alone could see it in both or neither; the writer gate held by the read makes
        // every export see one side of each transaction.
        _source.GetCollection("left").Insert(new BsonDocument { ["_id"] = "moving" });
        // Other documents in both make each collection's read long enough for commits to land between them.
        foreach (var side in new[] { "left", "right" })
            _source.GetCollection(side).InsertBulk(Enumerable.Range(0, 500).Select(i => new BsonDocument { ["_id"] = $"still-{i}" }));
        using var stop = new CancellationTokenSource();
        var mover = Task.Run(() =>
        {
            var (from, to) = ("left", "right");
            while (!stop.IsCancellationRequested)
            {
                _source.BeginTrans();
                _source.GetCollection(from).Delete("moving");
                _source.GetCollection(to).Insert(new BsonDocument { ["_id"] = "moving" });
                _source.Commit();
                (from, to) = (to, from);
            }
        });

        try
        {
            for (var i = 0; i < 200; i++)
            {
                var dump = StateDump.Read(_source, "1.0.0", At);
                var seen = dump.Collections["left"].Concat(dump.Collections["right"]).Count(d => d["_id"] == "moving");
                Assert.Equal(1, seen);
            }
        }
        finally
        {
            stop.Cancel();
            mover.Wait();
        }
    }

    [Fact]
    public void Read_InsideTheCallersTransaction_RefusesRatherThanRollItBack()
    {
        _source.BeginTrans();
        try
        {
            Assert.Throws<InvalidOperationException>(() => StateDump.Read(_source, "1.0.0", At));
        }
        finally
        {
            _source.Rollback();
        }
    }

    public void Dispose()
    {
        _source.Dispose();
        _target.Dispose();
    }
}
