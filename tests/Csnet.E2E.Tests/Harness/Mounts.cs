namespace Csnet.E2E.Tests.Harness;

/// <summary>
/// dockerd leaves overlay and netns bind mounts under its roots if it dies hard; they must go
/// before the temp directory can be deleted.
/// </summary>
public static class Mounts
{
    public static IReadOnlyList<string> Under(string root)
    {
        var prefix = root.TrimEnd('/') + "/";
        return File.ReadAllLines("/proc/self/mountinfo")
            .Select(l => l.Split(' '))
            .Where(f => f.Length > 4)
            .Select(f => f[4].Replace("\\040", " "))
            .Where(m => m.StartsWith(prefix, StringComparison.Ordinal) || m == root)
            .OrderByDescending(m => m.Length)
            .ToList();
    }

    public static void UnmountAll(string root, Action<string> log)
    {
        foreach (var mount in Under(root))
        {
            var result = ProcessRunner.Run("umount", "-l", mount);
            log(result.Succeeded ? $"unmounted {mount}" : $"FAILED to unmount {mount}\n{result}");
        }
    }

    /// <summary>rm -rf that stays on one file system, so a mount we missed is never emptied.</summary>
    public static void DeleteTree(string root, Action<string> log)
    {
        if (!Directory.Exists(root))
        {
            return;
        }
        var result = ProcessRunner.Run("rm", ["-rf", "--one-file-system", root], TimeSpan.FromSeconds(60));
        log(result.Succeeded && !Directory.Exists(root) ? $"removed {root}" : $"FAILED to remove {root}\n{result}");
    }
}
