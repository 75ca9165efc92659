using System.CommandLine;

namespace Csnet.Plugin.Ctl;

/// <summary>The <c>state</c> verb: export the running csnet's database, import one into a stopped csnet's folder.</summary>
public static class StateCommands
{
    public static Command Build(Option<string> socket, Option<bool> json, TextReader input, TextWriter output, TextWriter error)
    {
        var state = new Command("state", "backups and host moves: the whole state database as one JSON file");

        var outputFile = new Option<string?>("--output", "-o") { Description = "write the export to FILE instead of stdout (an existing FILE is replaced only by a complete export)" };
        var export = new Command("export", "the running csnet's networks, endpoints, pools and addresses (every record, with its schema version) as JSON; exit 2 when no csnet answers");
        export.Options.Add(outputFile);
        export.SetAction((parse, ct) => StateExport.RunAsync(parse.GetValue(socket)!, parse.GetValue(outputFile), output, error, ct));

        var file = new Argument<string>("FILE")
        {
            Description = "an export (csnetctl state export -o FILE); - or none reads stdin",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => "-",
        };
        var stateDir = new Option<string>("--state-dir")
        {
            Description = "the state folder of a csnet that is not running (created when missing); the database is DIR/csnet.db",
            Required = true,
        };
        var force = new Option<bool>("--force") { Description = "replace a database that already holds networks, endpoints, pools or addresses" };
        var import = new Command("import", "write an export into a stopped csnet's state folder; refuses a folder in use, or one holding state unless --force; exit 1 when refused");
        import.Arguments.Add(file);
        import.Options.Add(stateDir);
        import.Options.Add(force);
        import.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var (text, problem) = Read(path, input);
            if (text is null)
            {
                error.WriteLine($"csnetctl: {problem}; nothing was imported");
                return 1;
            }

            return StateImport.Run(text, path == "-" ? "stdin" : path, Path.GetFullPath(parse.GetValue(stateDir)!), parse.GetValue(force),
                parse.GetValue(json), output, error);
        });

        state.Subcommands.Add(export);
        state.Subcommands.Add(import);
        return state;
    }

    private static (string? Text, string? Problem) Read(string path, TextReader input)
    {
        try
        {
            return (path == "-" ? input.ReadToEnd() : File.ReadAllText(path), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot read {path}: {e.Message}");
        }
    }
}
