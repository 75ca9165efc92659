using LiteDB;
using LiteDB.Engine;

namespace Csnet.Common.Storage;

/// <summary>The one way csnet (and its tests) open a LiteDB database: always through <see cref="SerialWriteEngine"/>.</summary>
public static class Databases
{
    public static LiteDatabase OpenFile(string path) => Open(new EngineSettings { Filename = path });

    /// <summary>A database file with its <see cref="GroupCommit"/>: what a process that answers requests opens.</summary>
    public static DurableDatabase OpenDurable(string path)
    {
        var engine = new SerialWriteEngine(new LiteEngine(new EngineSettings { Filename = path }));
        return new DurableDatabase(new LiteDatabase(engine), new GroupCommit(path, () => engine.LastWrite));
    }

    /// <summary>A database in memory, for tests that need the engine csnet runs on.</summary>
    public static LiteDatabase InMemory() => Open(new EngineSettings { DataStream = new MemoryStream() });

    private static LiteDatabase Open(EngineSettings settings) => new(new SerialWriteEngine(new LiteEngine(settings)));
}

/// <summary>A LiteDB database and the group commit that makes its writes durable before answers go out.</summary>
public sealed record DurableDatabase(LiteDatabase Database, GroupCommit Commits);
