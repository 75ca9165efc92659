using LiteDB;
using Microsoft.Extensions.Logging;

namespace Csnet.Plugin.State.Schema;

/// <summary>
/// Brings the plugin's part of the database to <see cref="PluginSchema.Version"/> once per process,
/// before any store reads it (both stores take this as a dependency; the container builds it once).
/// </summary>
public sealed partial class StateMigration
{
    public StateMigration(ILiteDatabase db, ILogger<StateMigration> logger)
    {
        foreach (var from in PluginSchema.Migrate(db))
            Migrated(logger, from, from + 1);
    }

    [LoggerMessage(EventId = 7000, Level = LogLevel.Warning, Message = "State database migrated from schema version {From} to {To}")]
    private static partial void Migrated(ILogger logger, int from, int to);
}
