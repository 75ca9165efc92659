using Csnet.Common.Storage;
using LiteDB;

namespace Csnet.Common.Tests.Storage;

public sealed class GroupCommitTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("csnet-commit-").FullName;

    private string DatabaseFile => Path.Combine(_folder, "csnet.db");

    [Fact]
    public async Task WritesInsideAReceiptAreNotedAndOthersAreNot()
    {
        var opened = Databases.OpenDurable(DatabaseFile);
        using var database = opened.Database;
        var collection = opened.Database.GetCollection("c");
        collection.Insert(new BsonDocument { ["_id"] = "outside" });

        var receipt = WriteReceipt.Begin();
        // Work the request hands to another thread still writes on its behalf.
        await Task.Run(() => collection.Insert(new BsonDocument { ["_id"] = "inside" }));

        Assert.Equal(2, receipt.Sequence);
    }

    [Fact]
    public async Task ATransactionIsNotedAtItsCommit()
    {
        var opened = Databases.OpenDurable(DatabaseFile);
        using var database = opened.Database;
        var collection = opened.Database.GetCollection("c");
        var receipt = WriteReceipt.Begin();

        await Task.Run(() =>
        {
            opened.Database.BeginTrans();
            collection.Insert(new BsonDocument { ["_id"] = "a" });
            collection.Insert(new BsonDocument { ["_id"] = "b" });
            opened.Database.Commit();
        });

        Assert.Equal(3, receipt.Sequence);
    }

    [Fact]
    public async Task WaitersOfWritesMadeBeforeAFlushShareIt()
    {
        var opened = Databases.OpenDurable(DatabaseFile);
        using var database = opened.Database;
        var collection = opened.Database.GetCollection("c");
        for (var i = 1; i <= 20; i++)
        {
            collection.Insert(new BsonDocument { ["_id"] = i });
        }

        // Twenty requests that wrote before anyone waited: the first flush covers every one of them.
        await Task.WhenAll(Enumerable.Range(1, 20).Select(i => opened.Commits.WaitAsync(i)));

        Assert.Equal(1, opened.Commits.Flushes);
        Assert.True(File.Exists(Path.Combine(_folder, "csnet-log.db")), "LiteDB keeps its commits in csnet-log.db, the file the flush names");
    }

    [Fact]
    public async Task AWaitForWhatIsOnDiskAlreadyNeedsNoFlush()
    {
        var opened = Databases.OpenDurable(DatabaseFile);
        using var database = opened.Database;
        opened.Database.GetCollection("c").Insert(new BsonDocument { ["_id"] = 1 });
        await opened.Commits.WaitAsync(1);

        var again = opened.Commits.WaitAsync(1);

        Assert.True(again.IsCompletedSuccessfully);
        Assert.Equal(1, opened.Commits.Flushes);
    }

    [Fact]
    public async Task AWriteAfterAFlushWaitsForAnotherOne()
    {
        var opened = Databases.OpenDurable(DatabaseFile);
        using var database = opened.Database;
        var collection = opened.Database.GetCollection("c");
        collection.Insert(new BsonDocument { ["_id"] = 1 });
        await opened.Commits.WaitAsync(1);

        collection.Insert(new BsonDocument { ["_id"] = 2 });
        await opened.Commits.WaitAsync(2);

        Assert.Equal(2, opened.Commits.Flushes);
    }

    [Fact]
    public async Task ParallelWritersAllGetTheirAnswerAndNothingIsLost()
    {
        var opened = Databases.OpenDurable(DatabaseFile);
        using (opened.Database)
        {
            var collection = opened.Database.GetCollection("c");
            await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
            {
                var receipt = WriteReceipt.Begin();
                collection.Insert(new BsonDocument { ["_id"] = i });
                await opened.Commits.WaitAsync(receipt.Sequence);
            })));
            Assert.InRange(opened.Commits.Flushes, 1, 200);
        }

        using var reopened = Databases.OpenFile(DatabaseFile);
        Assert.Equal(200, reopened.GetCollection("c").Count());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
