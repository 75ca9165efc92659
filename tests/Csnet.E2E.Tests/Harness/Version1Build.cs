namespace Csnet.E2E.Tests.Harness;

/// <summary>
/// The csnet build before schema versions (state schema 1), built from this repository's history
/// for the upgrade scenario: `git archive` of <see cref="Commit"/> into a temp folder, then
/// `dotnet build` of its plugin. Kept under &lt;repo&gt;/.e2e/, so the second daemon's run reuses it.
/// </summary>
public static class Version1Build
{
    /// <summary>The last commit whose state is schema version 1 (before the typed model).</summary>
    public const string Commit = "2b8969fafe7a8f16d98694503f902157ce6638fe";

    /// <summary>The executable, or why there is none (then the scenario skips with it).</summary>
    public static (string? Executable, string? Reason) Ensure(string repoRoot, Action<string> log)
    {
        var output = Path.Combine(repoRoot, ".e2e", "v1-build", Commit[..12]);
        var executable = Path.Combine(output, "csnet");
        if (File.Exists(executable))
        {
            return (executable, null);
        }
        var known = ProcessRunner.Run("git", ["-C", repoRoot, "cat-file", "-e", Commit + "^{commit}"], TimeSpan.FromSeconds(30));
        if (!known.Succeeded)
        {
            return (null, $"commit {Commit} (the schema-1 build) is not in this checkout's history (a shallow clone?); the upgrade scenario needs it");
        }
        var source = Directory.CreateTempSubdirectory("csnet-v1-src-").FullName;
        try
        {
            var unpack = ProcessRunner.Run("sh", ["-c", $"git -C '{repoRoot}' archive {Commit} | tar -x -C '{source}'"], TimeSpan.FromMinutes(1));
            if (!unpack.Succeeded)
            {
                return (null, $"cannot unpack commit {Commit}:\n{unpack}");
            }
            log($"building the schema-1 csnet ({Commit}) into {output}");
            var build = ProcessRunner.Run("dotnet",
                ["build", Path.Combine(source, "plugin", "Csnet.Plugin.csproj"), "-c", "Release", "-o", output, "-nologo", "-v", "quiet"],
                TimeSpan.FromMinutes(6));
            if (!build.Succeeded || !File.Exists(executable))
            {
                return (null, $"cannot build commit {Commit}:\n{build}");
            }
            return (executable, null);
        }
        finally
        {
            Directory.Delete(source, recursive: true);
        }
    }
}
