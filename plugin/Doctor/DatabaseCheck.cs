using Csnet.Common.Storage;
using Csnet.Plugin.Composition;
using Csnet.Plugin.Drivers.Diagnosis;
using Csnet.Plugin.Model;
using Csnet.Plugin.State;
using Csnet.Plugin.State.Schema;
using LiteDB;

namespace Csnet.Plugin.Doctor;

/// <summary>
/// The state database: every document of every collection read back (a damaged page throws here
/// rather than in the middle of a Docker call), the schema versions, and changes a crash left
/// unfinished that recovery could not finish or undo.
/// </summary>
public sealed class DatabaseCheck(ILiteDatabase db, CsnetOptions options, IIntentJournal journal, TimeProvider time) : IHostCheck
{
    private const string Name = "database";

    // An intent younger than this is a call in flight, not a leftover.
    private static readonly TimeSpan InFlight = TimeSpan.FromMinutes(1);

    public IEnumerable<Finding> Check(IReadOnlyList<Network> networks)
    {
        var (documents, collections, failure) = ReadEverything();
        if (failure is not null)
        {
            yield return Finding.Problem(Name, $"{options.DatabasePath} cannot be read back: {failure}",
                "stop csnet, keep a copy of the file, and restore the last `csnetctl state export` into a fresh state folder (csnetctl state import)");
            yield break;
        }
        var size = File.Exists(options.DatabasePath) ? new FileInfo(options.DatabasePath).Length : 0;
        var schema = db.GetCollection(SchemaVersions.Collection).FindAll().Select(d => $"{d["_id"].AsString} v{d["Version"].AsInt32}").Order(StringComparer.Ordinal);
        var versions = string.Join(", ", schema);
        var summary = $"{options.DatabasePath}: {size / 1024.0:F0} KiB, {documents} documents in {collections} collections, schema {versions}";
        if (SchemaVersions.Read(db, PluginSchema.Area) is { } plugin && plugin != PluginSchema.Version)
        {
            yield return Finding.Problem(Name, $"{summary}: the plugin area is at v{plugin}, this build writes v{PluginSchema.Version}", "restart csnet so it migrates the file");
            yield break;
        }
        var cutoff = time.GetUtcNow().UtcDateTime - InFlight;
        var stuck = journal.Pending().Where(i => i.StartedAt < cutoff).ToList();
        if (stuck.Count > 0)
        {
            yield return Finding.Problem(Name,
                $"{summary}; {stuck.Count} change(s) a crash cut short are still unfinished: {string.Join(", ", stuck.Select(i => $"{i.Operation} {DockerId.Short(i.NetworkId)} since {i.StartedAt:u}"))}",
                "restart csnet (recovery runs at start); if they stay, the plugin log says why ('Recovering … failed')");
            yield break;
        }
        yield return Finding.Ok(Name, $"{summary}; no unfinished change");
    }

    private (long Documents, int Collections, string? Failure) ReadEverything()
    {
        try
        {
            var names = db.GetCollectionNames().ToList();
            long documents = 0;
            foreach (var name in names)
                documents += db.GetCollection(name).FindAll().LongCount();
            return (documents, names.Count, null);
        }
        catch (LiteException error)
        {
            return (0, 0, error.Message);
        }
    }
}
