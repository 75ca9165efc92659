namespace Csnet.E2E.Tests.Harness;

/// <summary>What a finished (or timed-out) child process left behind.</summary>
public sealed record CommandResult(string CommandLine, int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed, bool TimedOut)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;

    public override string ToString() =>
        $"$ {CommandLine}\n  exit {ExitCode}{(TimedOut ? " (TIMED OUT)" : "")} after {Elapsed.TotalSeconds:F1} s\n" +
        $"  stdout: {Indent(Stdout)}\n  stderr: {Indent(Stderr)}";

    private static string Indent(string text) =>
        string.IsNullOrWhiteSpace(text) ? "(empty)" : text.TrimEnd().Replace("\n", "\n          ");
}
