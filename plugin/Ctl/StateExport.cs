using Csnet.Common.Storage;
using Csnet.Plugin.Admin;

namespace Csnet.Plugin.Ctl;

/// <summary>
/// <c>csnetctl state export [-o FILE]</c>: the running plugin's whole database (it alone may open
/// the file) as one JSON document, to stdout or to FILE. The answer is parsed as an import would
/// parse it before anything is written, so a backup that exists is one that imports.
/// </summary>
public static class StateExport
{
    public static async Task<int> RunAsync(string socketPath, string? outputPath, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using var client = new AdminClient(socketPath);
        string body;
        try
        {
            (var status, body) = await client.GetAsync($"{AdminEndpoints.Prefix}/state", cancellationToken);
            if (status != 200)
            {
                error.WriteLine($"csnetctl: csnet answered {status} to the export: {body.Trim()} (a csnet older than csnetctl has no /state route)");
                return 1;
            }
        }
        catch (UnreachableException e)
        {
            error.WriteLine($"csnetctl: {e.Message}");
            return CtlProgram.Unreachable;
        }

        StateDumpFile dump;
        try
        {
            dump = StateDumpFile.Parse(body);
        }
        catch (StateDumpFormatException e)
        {
            error.WriteLine($"csnetctl: csnet's export is not importable ({e.Message}); nothing was written");
            return 1;
        }

        if (outputPath is null)
        {
            output.Write(body);
        }
        else if (!TryWriteFile(outputPath, body, error))
        {
            return 1;
        }

        // On stderr: stdout may be the export itself.
        error.WriteLine($"exported {dump.Summary()}{(outputPath is null ? "" : $" to {outputPath}")}");
        return 0;
    }

    // Written beside the target and renamed over it: an export that fails half way never replaces
    // the previous backup.
    private static bool TryWriteFile(string path, string body, TextWriter error)
    {
        var partial = $"{path}.partial-{Environment.ProcessId}";
        try
        {
            File.WriteAllText(partial, body);
            File.Move(partial, path, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(partial);
            error.WriteLine($"csnetctl: cannot write {path}: {e.Message}");
            return false;
        }
    }
}
