using Csnet.Common.Storage;
using Csnet.Plugin.Drivers.Bridge;
using Csnet.Plugin.State;
using Csnet.Plugin.State.Schema;
using LiteDB;
using Microsoft.Extensions.Logging.Abstractions;

namespace Csnet.Plugin.Tests.Support;

/// <summary>The plugin's stores over one in-memory (or given) LiteDB database, with the bridge mode's codec.</summary>
internal sealed class StateFixture : IDisposable
{
    private readonly bool _owns;

    public StateFixture(LiteDatabase? database = null)
    {
        _owns = database is null;
        Database = database ?? Databases.InMemory();
        var migration = new StateMigration(Database, NullLogger<StateMigration>.Instance);
        Networks = new LiteNetworkStore(Database, new SettingsCodecs([new BridgeSettingsCodec()]), migration);
        Endpoints = new LiteEndpointStore(Database, migration);
        Journal = new LiteIntentJournal(Database, migration);
    }

    public LiteIntentJournal Journal { get; }

    public LiteDatabase Database { get; }

    public LiteNetworkStore Networks { get; }

    public LiteEndpointStore Endpoints { get; }

    public void Dispose()
    {
        if (_owns)
            Database.Dispose();
    }
}
