using System.Diagnostics;

namespace Csnet.E2E.Tests.Harness;

/// <summary>
/// Runs short-lived commands with a hard timeout. Every child the suite waits for goes through here,
/// so no wait in the suite is unbounded.
/// </summary>
public static class ProcessRunner
{
    public static CommandResult Run(
        string fileName,
        IEnumerable<string> args,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null,
        string? stdin = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                psi.Environment[key] = value;
            }
        }

        var commandLine = fileName + " " + string.Join(' ', psi.ArgumentList.Select(Quote));
        var watch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = psi };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return new CommandResult(commandLine, 127, "", $"cannot start: {e.Message}", watch.Elapsed, false);
        }

        // Both pipes are drained concurrently; reading one after the other can deadlock on a full pipe.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }

        var timedOut = !process.WaitForExit(timeout);
        if (timedOut)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
            process.WaitForExit(TimeSpan.FromSeconds(5));
        }
        else
        {
            // The parameterless wait also waits for the redirected streams to reach EOF.
            process.WaitForExit();
        }

        var output = stdout.Wait(TimeSpan.FromSeconds(5)) ? stdout.Result : "";
        var error = stderr.Wait(TimeSpan.FromSeconds(5)) ? stderr.Result : "";
        return new CommandResult(commandLine, timedOut ? -1 : process.ExitCode, output, error, watch.Elapsed, timedOut);
    }

    public static CommandResult Run(string fileName, params string[] args) =>
        Run(fileName, args, TimeSpan.FromSeconds(30));

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsLetterOrDigit(c) || "-_./=:,@%+".Contains(c)) ? arg : $"'{arg.Replace("'", "'\\''")}'";
}
