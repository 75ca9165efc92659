namespace Csnet.Plugin.Composition;

/// <summary>Prepares the socket path: its folder exists and a stale socket file from an earlier run is gone.</summary>
public static class UnixSocket
{
    public static void Prepare(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (File.Exists(path))
            File.Delete(path);
    }

    /// <summary>Only root (dockerd) may talk to the plugin: it changes the host's network.</summary>
    public static void Restrict(string path) =>
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
}
