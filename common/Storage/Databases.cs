using LiteDB;
using LiteDB.Engine;

namespace Csnet.Common.Storage;

/// <summary>The one way csnet (and its tests) open a LiteDB database: always through <see cref="SerialWriteEngine"/>.</summary>
public static class Databases
{
    public static LiteDatabase OpenFile(string path) => Open(new EngineSettings { Filename = path });

    /// <summary>A database in memory, for tests that need the engine csnet runs on.</summary>
    public static LiteDatabase InMemory() => Open(new EngineSettings { DataStream = new MemoryStream() });

    private static LiteDatabase Open(EngineSettings settings) => new(new SerialWriteEngine(new LiteEngine(settings)));
}
