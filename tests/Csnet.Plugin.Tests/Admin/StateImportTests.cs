using System.Text.Json;
using Csnet.Common.Storage;
using Csnet.Plugin.Composition;
using Csnet.Plugin.Ctl;
using Csnet.Plugin.State.Schema;
using LiteDB;
using Xunit;

namespace Csnet.Plugin.Tests.Admin;

/// <summary><c>csnetctl state import</c> into a folder no csnet is using, and the refusals; <c>state</c>'s help and usage.</summary>
public sealed class StateImportTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "csnet-import-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly string _file;

    public StateImportTests()
    {
        Directory.CreateDirectory(_work);
        _file = Path.Combine(_work, "backup.json");
        using var db = Databases.InMemory();
        db.GetCollection(SchemaVersions.Collection).Insert(new BsonDocument { ["_id"] = "plugin", ["Version"] = 2 });
        db.GetCollection("networks").Insert(new BsonDocument { ["_id"] = "exported-network", ["Mode"] = "bridge" });
        db.GetCollection("ipam_pools").Insert(new BsonDocument { ["_id"] = "exported-pool" });
        File.WriteAllText(_file, StateDump.Read(db, "1.0.0", DateTimeOffset.UnixEpoch).ToJson());
    }

    private string Target => Path.Combine(_work, "state");

    private string Database => Path.Combine(Target, "csnet.db");

    [Fact]
    public async Task Import_MissingFolder_CreatesItAndPrintsOneSummaryLine()
    {
        var (code, output, error) = await RunAsync("state", "import", _file, "--state-dir", Target);

        Assert.True(code == 0, error);
        Assert.Equal($"imported 3 collections, 3 documents (csnet_schema 1, ipam_pools 1, networks 1) into {Database} (exported 1970-01-01T00:00:00.0000000+00:00 by csnet 1.0.0)\n", output);
        Assert.Equal(["exported-network"], Ids("networks"));
    }

    [Fact]
    public async Task Import_AnExportOfAVersion1Database_ThePluginThereMigratesItAtStart()
    {
        // Written by the last build before schema versions (tests/fixtures/README.md): no plugin version record.
        var old = Path.Combine(_work, "v1.db");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "csnet-v1.db"), old);
        string export;
        using (var db = Databases.OpenFile(old))
            export = StateDump.Read(db, "v1", DateTimeOffset.UnixEpoch).ToJson();
        Assert.DoesNotContain(StateDumpFile.Parse(export).Collections.GetValueOrDefault(SchemaVersions.Collection, []), d => d["_id"] == PluginSchema.Area);

        var (code, _, error) = await RunWithStdinAsync(export, "state", "import", "--state-dir", Target);
        await using var host = await Endpoints.PluginHost.StartAsync(onDisk: true, stateDir: Target);

        Assert.True(code == 0, error);
        Assert.Equal(PluginSchema.Version, SchemaVersions.Read(host.Service<ILiteDatabase>(), PluginSchema.Area));
        using var response = await host.Client.GetAsync("/csnet/v1/networks");
        var networks = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(4, networks.GetArrayLength());
        Assert.Contains(networks.EnumerateArray(), n => n.GetProperty("id").GetString()!.StartsWith("aaaa1111bbbb", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Import_FromStdin_ReadsTheExportThere()
    {
        var (code, _, error) = await RunWithStdinAsync(File.ReadAllText(_file), "state", "import", "--state-dir", Target);

        Assert.True(code == 0, error);
        Assert.Equal(["exported-pool"], Ids("ipam_pools"));
    }

    [Fact]
    public async Task Import_Json_PrintsTheSummaryAsJson()
    {
        var (code, output, _) = await RunAsync("state", "import", _file, "--state-dir", Target, "--json");

        Assert.Equal(0, code);
        var summary = JsonDocument.Parse(output).RootElement;
        Assert.Equal(3, summary.GetProperty("documents").GetInt32());
        Assert.Equal(1, summary.GetProperty("collections").GetProperty("networks").GetInt32());
        Assert.False(summary.GetProperty("replaced").GetBoolean());
    }

    [Fact]
    public async Task Import_DatabaseHoldsANetwork_RefusedNamingTheFolderAndForce_NothingChanged()
    {
        Seed("networks", "local-network");

        var (code, output, error) = await RunAsync("state", "import", _file, "--state-dir", Target);

        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Contains($"the state folder {Target} already holds 1 network; give --force to replace them", error);
        Assert.Equal(["local-network"], Ids("networks"));
        Assert.Empty(Ids("ipam_pools"));
    }

    [Fact]
    public async Task Import_Force_ReplacesWhatTheDatabaseHeld()
    {
        Seed("networks", "local-network");
        Seed("endpoints", "local-endpoint");

        var (code, output, error) = await RunAsync("state", "import", _file, "--state-dir", Target, "--force");

        Assert.True(code == 0, error);
        Assert.Contains("replacing what it held", output);
        Assert.Equal(["exported-network"], Ids("networks"));
        Assert.Empty(Ids("endpoints"));
    }

    [Fact]
    public async Task Import_OnlySchemaRecordsAndHostId_NotRefused()
    {
        // What a csnet that started once and never served a network leaves behind.
        Seed(SchemaVersions.Collection, "plugin");
        Seed("ipam_settings", "host-id");

        var (code, _, error) = await RunAsync("state", "import", _file, "--state-dir", Target);

        Assert.True(code == 0, error);
        Assert.Empty(Ids("ipam_settings"));
    }

    [Fact]
    public async Task Import_ARunningCsnetHoldsTheFolder_RefusedSayingStopCsnetFirst()
    {
        Directory.CreateDirectory(Target);
        var (held, _) = StateLock.Acquire(Target);
        using (held)
        {
            var (code, _, error) = await RunAsync("state", "import", _file, "--state-dir", Target, "--force");

            Assert.Equal(1, code);
            Assert.Contains($"a running csnet (pid {Environment.ProcessId}) is using the state folder {Target}; stop csnet first", error);
        }

        Assert.False(File.Exists(Database));
    }

    [Theory]
    [InlineData("{\"format\":\"csnet-state\",\"formatVersion\":1,\"collections\":{\"networks\":[{\"_id\":\"x\"}", "not valid JSON")]
    [InlineData("{\"format\":\"something-else\"}", "not a csnet state export")]
    [InlineData("{\"format\":\"csnet-state\",\"formatVersion\":9,\"collections\":{}}", "format version 9")]
    public async Task Import_BadFile_Exit1NamingTheProblem_TargetUntouched(string content, string expected)
    {
        Seed("networks", "local-network");
        var before = File.ReadAllBytes(Database);
        var bad = Path.Combine(_work, "bad.json");
        File.WriteAllText(bad, content);

        var (code, _, error) = await RunAsync("state", "import", bad, "--state-dir", Target, "--force");

        Assert.Equal(1, code);
        Assert.Contains($"csnetctl: {bad}: {expected}", error);
        Assert.Contains("nothing was imported", error);
        Assert.Equal(before, File.ReadAllBytes(Database));
    }

    [Fact]
    public async Task Import_BadFileIntoMissingFolder_CreatesNothing()
    {
        var (code, _, _) = await RunWithStdinAsync("not json", "state", "import", "-", "--state-dir", Target);

        Assert.Equal(1, code);
        Assert.False(Directory.Exists(Target));
    }

    [Fact]
    public async Task Import_FileMissing_Exit1NamingIt()
    {
        var (code, _, error) = await RunAsync("state", "import", Path.Combine(_work, "nope.json"), "--state-dir", Target);

        Assert.Equal(1, code);
        Assert.Contains($"cannot read {Path.Combine(_work, "nope.json")}", error);
    }

    [Fact]
    public async Task Import_WithoutStateDir_Exit64()
    {
        var (code, _, error) = await RunAsync("state", "import", _file);

        Assert.Equal(64, code);
        Assert.Contains("--state-dir", error);
    }

    [Fact]
    public async Task Export_NoCsnetOnTheSocket_Exit2NamingTheSocket()
    {
        var (code, output, error) = await RunAsync("state", "export", "--socket", "/nonexistent/csnet.sock", "-o", Path.Combine(_work, "out.json"));

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains("cannot reach csnet at /nonexistent/csnet.sock", error);
        Assert.False(File.Exists(Path.Combine(_work, "out.json")));
    }

    [Theory]
    [InlineData(new[] { "state", "--help" }, new[] { "export", "import" })]
    [InlineData(new[] { "state", "export", "--help" }, new[] { "--output", "-o", "exit 2" })]
    [InlineData(new[] { "state", "import", "--help" }, new[] { "FILE", "--state-dir", "--force", "stdin" })]
    [InlineData(new[] { "--help" }, new[] { "state" })]
    public async Task Help_DescribesEveryStateVerb(string[] args, string[] expected)
    {
        var (code, output, _) = await RunAsync(args);

        Assert.Equal(0, code);
        foreach (var text in expected)
            Assert.Contains(text, output);
    }

    [Fact]
    public async Task State_WithoutVerb_Exit64()
    {
        var (code, _, _) = await RunAsync("state");

        Assert.Equal(64, code);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private void Seed(string collection, string id)
    {
        Directory.CreateDirectory(Target);
        using var db = Databases.OpenFile(Database);
        db.GetCollection(collection).Insert(new BsonDocument { ["_id"] = id });
    }

    private List<string> Ids(string collection)
    {
        using var db = Databases.OpenFile(Database);
        return db.GetCollection(collection).FindAll().Select(d => d["_id"].AsString).ToList();
    }

    private static Task<(int Code, string Output, string Error)> RunAsync(params string[] args) => RunWithStdinAsync("", args);

    private static async Task<(int Code, string Output, string Error)> RunWithStdinAsync(string stdin, params string[] args)
    {
        using var input = new StringReader(stdin);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CtlProgram.RunAsync("/usr/bin/csnetctl", args, output, error, input);
        return (code, output.ToString(), error.ToString());
    }
}
