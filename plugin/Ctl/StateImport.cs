using Csnet.Common.Storage;
using Csnet.Plugin.Composition;
using Csnet.Plugin.State;
using LiteDB;

namespace Csnet.Plugin.Ctl;

/// <summary>
/// <c>csnetctl state import [FILE|-] --state-dir DIR [--force]</c>: an export written into the
/// state folder of a csnet that is not running. The file is checked completely before anything
/// is touched; then the folder's lock is taken as the plugin takes it, so neither can start while
/// the other works; then a database holding networks, endpoints, pools or addresses is replaced
/// only with <c>--force</c>, in one transaction. The next csnet to start there migrates an older
/// export's documents as it would an older file.
/// </summary>
public static class StateImport
{
    public static int Run(string json, string source, string stateDir, bool force, bool asJson, TextWriter output, TextWriter error)
    {
        StateDumpFile dump;
        try
        {
            dump = StateDumpFile.Parse(json);
        }
        catch (StateDumpFormatException e)
        {
            error.WriteLine($"csnetctl: {source}: {e.Message}; nothing was imported");
            return 1;
        }

        var database = new CsnetOptions { StateDir = stateDir }.DatabasePath;
        try
        {
            Directory.CreateDirectory(stateDir);
            var (held, _) = StateLock.Acquire(stateDir);
            if (held is null)
            {
                error.WriteLine($"csnetctl: a running csnet (pid {StateLock.Holder(stateDir)}) is using the state folder {stateDir}; stop csnet first, then import (nothing was imported)");
                return 1;
            }

            using (held)
            using (var db = StateDatabase.Open(database))
            {
                var existing = HeldRecords.Count(db);
                if (existing.Any && !force)
                {
                    error.WriteLine($"csnetctl: the state folder {stateDir} already holds {existing}; give --force to replace them with the export, or import into an empty folder (nothing was imported)");
                    return 1;
                }

                StateDump.Replace(db, dump);
                Report(new ImportSummary(stateDir, database, dump.ExportedAt, dump.CsnetVersion, existing.Any,
                    dump.Collections.ToDictionary(c => c.Key, c => c.Value.Count), dump.Documents), dump, asJson, output);
                return 0;
            }
        }
        catch (Exception e) when (e is LiteException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"csnetctl: importing into {database} failed, nothing was imported: {e.Message}");
            return 1;
        }
    }

    private static void Report(ImportSummary summary, StateDumpFile dump, bool asJson, TextWriter output)
    {
        if (asJson)
        {
            output.WriteLine(System.Text.Json.JsonSerializer.Serialize(summary, CtlJsonContext.Default.ImportSummary));
            return;
        }

        output.WriteLine($"imported {dump.Summary()} into {summary.Database}{(summary.Replaced ? ", replacing what it held" : "")} (exported {dump.ExportedAt} by csnet {dump.CsnetVersion})");
    }
}
