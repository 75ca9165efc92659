using Csnet.Plugin.Kernel.Proc;
using Microsoft.Extensions.Options;

namespace Csnet.Plugin.Composition;

/// <summary>
/// Checks <see cref="CsnetOptions"/> at start, before anything is created, and names the setting in
/// every message. Reads the host only where a wrong value would otherwise fail much later (a
/// read-only /proc fails the first network create, not the start).
/// </summary>
public sealed class CsnetOptionsValidator : IValidateOptions<CsnetOptions>
{
    public ValidateOptionsResult Validate(string? name, CsnetOptions options)
    {
        var problems = new List<string>();
        RequireAbsolute(CsnetSettings.Socket, options.SocketPath, problems);
        RequireAbsolute(CsnetSettings.StateDir, options.StateDir, problems);
        if (File.Exists(options.StateDir))
        {
            problems.Add($"{CsnetSettings.StateDir} '{options.StateDir}' is a file; it must be a folder (csnet keeps csnet.db in it)");
        }
        if (RequireAbsolute(CsnetSettings.HostProc, options.HostProc, problems) && ProcSysctls.Problem(options.HostProc) is { } proc)
        {
            problems.Add($"{CsnetSettings.HostProc} '{options.HostProc}': {proc}");
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static bool RequireAbsolute(string setting, string path, List<string> problems)
    {
        if (Path.IsPathFullyQualified(path))
        {
            return true;
        }
        problems.Add($"{setting} '{path}' is not an absolute path");
        return false;
    }
}
