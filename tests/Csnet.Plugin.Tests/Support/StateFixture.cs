using Csnet.Common.Storage;
using Csnet.Plugin.Drivers.Bridge;
using Csnet.Plugin.Drivers.Macvlan;
using Csnet.Plugin.State;
using Csnet.Plugin.State.Schema;
using LiteDB;
using Microsoft.Extensions.Logging.Abstractions;

namespace Csnet.Plugin.Tests.Support;

/// <summary>The plugin's stores over one in-memory (or given) LiteDB database, with the bridge mode's codec (and the macvlan mode's, when asked).</summary>
internal sealed class StateFixture : IDisposable
{
    private readonly bool _owns;

    /// <param name="database">The database to open; null: a fresh one in memory, disposed with the fixture.</param>
    /// <param name="withMacvlan">Also the macvlan mode's codec (without it, macvlan records read as opaque settings).</param>
    public StateFixture(LiteDatabase? database = null, bool withMacvlan = false)
    {
        _owns = database is null;
        Database = database ?? Databases.InMemory();
        var migration = new StateMigration(Database, NullLogger<StateMigration>.Instance);
        Networks = new LiteNetworkStore(Database, new SettingsCodecs(withMacvlan ? [new BridgeSettingsCodec(), new MacvlanSettingsCodec()] : [new BridgeSettingsCodec()]), migration);
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
