namespace Csnet.Plugin.Composition;

/// <summary>What the command line asks for: options to serve (or self-test) with, usage, or the problems.</summary>
public sealed record CommandLineResult(CsnetOptions? Options, IReadOnlyList<string> Problems, bool Usage, bool SelfTest)
{
    public static readonly CommandLineResult ShowUsage = new(null, [], true, false);

    public static CommandLineResult Failed(string problem) => new(null, [problem], false, false);
}
