namespace Csnet.Plugin.Composition;

/// <summary>
/// One csnet per state folder. A second process started by mistake must not take over the socket
/// of the first (it would unlink it) or open the database under it: the first holds an exclusive
/// lock on &lt;state&gt;/csnet.lock (FileShare.None is flock(LOCK_EX) on Linux), and its pid is in
/// csnet.pid for the message. The lock goes with the process, also when it is killed.
/// </summary>
public sealed class StateLock : IDisposable
{
    private readonly FileStream _lock;

    private StateLock(FileStream lockFile) => _lock = lockFile;

    /// <summary>The lock, or the sentence saying which process holds it.</summary>
    public static (StateLock? Lock, string? Error) Acquire(string stateDir)
    {
        var path = Path.Combine(stateDir, "csnet.lock");
        var pidPath = Path.Combine(stateDir, "csnet.pid");
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            File.WriteAllText(pidPath, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return (new StateLock(stream), null);
        }
        catch (IOException)
        {
            return (null, $"csnet: another csnet (pid {Holder(stateDir)}) is using the state folder {stateDir} (it holds {path}); stop it first, or give this one its own --state-dir and --socket");
        }
    }

    /// <summary>The pid the holder of the lock wrote, or "unknown" (for messages only: it may be stale).</summary>
    public static string Holder(string stateDir)
    {
        var pidPath = Path.Combine(stateDir, "csnet.pid");
        return File.Exists(pidPath) ? File.ReadAllText(pidPath).Trim() : "unknown";
    }

    public void Dispose() => _lock.Dispose();
}
