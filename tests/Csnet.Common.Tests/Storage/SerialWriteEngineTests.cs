using Csnet.Common.Storage;
using LiteDB;

namespace Csnet.Common.Tests.Storage;

// LiteDB transactions belong to the thread that began them, and so does the gate: these tests must
// stay on their thread between BeginTrans and Commit, so they wait synchronously instead of awaiting.
#pragma warning disable xUnit1031

public sealed class SerialWriteEngineTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"csnet-serial-{Guid.NewGuid():N}.db");

    [Fact]
    public void ParallelWritersInFourCollectionsLoseNothingAndCorruptNothing()
    {
        // The pattern that corrupts an unserialised LiteDB 5 file within a second: inserts and deletes
        // in different collections at once (here 8 threads, 4 collections).
        var errors = new List<Exception>();
        using (var db = Databases.OpenFile(_path))
        {
            Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, thread =>
            {
                var collection = db.GetCollection($"c{thread % 4}");
                for (var i = 0; i < 400; i++)
                {
                    try
                    {
                        var id = $"{thread}-{i}";
                        collection.Insert(new BsonDocument { ["_id"] = id, ["v"] = new string('x', 200 + (i % 300)) });
                        if (i % 2 == 0)
                        {
                            collection.Delete(id);
                        }

                        _ = collection.FindById(id);
                    }
                    catch (Exception e)
                    {
                        lock (errors)
                        {
                            errors.Add(e);
                        }
                    }
                }
            });
        }

        Assert.Empty(errors);
        using var reopened = Databases.OpenFile(_path);
        for (var c = 0; c < 4; c++)
        {
            // Two threads per collection, 200 documents kept by each.
            Assert.Equal(400, reopened.GetCollection($"c{c}").Count());
        }
    }

    [Fact]
    public void AnExplicitTransactionKeepsOtherWritersOutUntilItCommits()
    {
        using var db = Databases.InMemory();
        var log = new List<string>();
        db.BeginTrans();
        db.GetCollection("a").Insert(new BsonDocument { ["_id"] = 1 });
        var other = Task.Run(() =>
        {
            db.GetCollection("b").Insert(new BsonDocument { ["_id"] = 2 });
            lock (log)
            {
                log.Add("other wrote");
            }
        });

        Assert.False(other.Wait(TimeSpan.FromMilliseconds(200)));
        lock (log)
        {
            log.Add("committing");
        }

        db.Commit();
        Assert.True(other.Wait(TimeSpan.FromSeconds(10)));
        Assert.Equal(["committing", "other wrote"], log);
    }

    [Fact]
    public void RollbackAndANestedBeginLeaveTheGateFree()
    {
        using var db = Databases.InMemory();
        Assert.True(db.BeginTrans());
        Assert.False(db.BeginTrans());
        db.GetCollection("a").Insert(new BsonDocument { ["_id"] = 1 });
        db.Rollback();

        var other = Task.Run(() => db.GetCollection("b").Insert(new BsonDocument { ["_id"] = 2 }));
        Assert.True(other.Wait(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, db.GetCollection("a").Count());
        Assert.Equal(1, db.GetCollection("b").Count());
    }

    public void Dispose()
    {
        File.Delete(_path);
        File.Delete(Path.ChangeExtension(_path, null) + "-log.db");
    }
}
