using System.Runtime.ExceptionServices;
using System.Text;
using static Tmds.Linux.LibC;

namespace Csnet.Plugin.Kernel.Netns;

/// <summary>
/// An open file descriptor for a network namespace (/var/run/docker/netns/…, /proc/…/ns/net).
/// Holding it keeps the namespace alive; an anonymous namespace and its links disappear when the
/// last handle is disposed. Code that must run inside it goes through <see cref="Run{T}"/>, which
/// switches a dedicated thread and never the caller's.
/// </summary>
public sealed class NetworkNamespace : IDisposable
{
    private int _fd;

    private NetworkNamespace(int fd, string description)
    {
        _fd = fd;
        Description = description;
    }

    /// <summary>Where the handle came from, for messages.</summary>
    public string Description { get; }

    internal int Fd => _fd >= 0 ? _fd : throw new ObjectDisposedException(nameof(NetworkNamespace), Description);

    /// <summary>Opens a namespace by path, e.g. a Docker sandbox key or /proc/self/ns/net.</summary>
    public static NetworkNamespace OpenPath(string path) => new(OpenReadOnly(path), path);

    /// <summary>
    /// Creates a fresh, unnamed network namespace (only a down loopback inside) and returns its only
    /// handle. Needs CAP_SYS_ADMIN. Used by kernel tests so nothing touches the host namespace.
    /// </summary>
    public static NetworkNamespace CreateAnonymous() => OnDedicatedThread(() =>
    {
        // unshare moves only this dedicated thread; it is moved back before it ends.
        var original = OpenReadOnly("/proc/thread-self/ns/net");
        try
        {
            if (unshare(CLONE_NEWNET) < 0)
            {
                throw new SystemCallException("unshare(CLONE_NEWNET)", errno);
            }

            try
            {
                return new NetworkNamespace(OpenReadOnly("/proc/thread-self/ns/net"), "anonymous");
            }
            finally
            {
                SwitchTo(original, "original namespace");
            }
        }
        finally
        {
            close(original);
        }
    });

    /// <summary>
    /// Runs <paramref name="action"/> on a new thread that has entered this namespace, waits for it
    /// and returns its result. Anything the action creates that binds to a namespace at creation
    /// (sockets) stays in this one. The action must not await.
    /// </summary>
    public T Run<T>(Func<T> action)
    {
        var fd = Fd;
        return OnDedicatedThread(() =>
        {
            var original = OpenReadOnly("/proc/thread-self/ns/net");
            try
            {
                SwitchTo(fd, Description);
                try
                {
                    return action();
                }
                finally
                {
                    SwitchTo(original, "original namespace");
                }
            }
            finally
            {
                close(original);
            }
        });
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            // close's result is deliberately ignored: Linux releases the fd even when it reports
            // an error, so there is nothing to retry, and Dispose must not throw.
            close(fd);
        }
    }

    public override string ToString() => $"netns {Description}";

    private static T OnDedicatedThread<T>(Func<T> body)
    {
        // A dedicated thread (never a pool thread) so a namespace switch can't leak into other work;
        // the thread exits afterwards even if switching back failed.
        T? result = default;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = body();
            }
            catch (Exception exception)
            {
                failure = ExceptionDispatchInfo.Capture(exception);
            }
        })
        {
            IsBackground = true,
            Name = "csnet netns",
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result!;
    }

    private static void SwitchTo(int fd, string description)
    {
        if (setns(fd, CLONE_NEWNET) < 0)
        {
            throw new SystemCallException($"setns({description}, CLONE_NEWNET)", errno);
        }
    }

    private static unsafe int OpenReadOnly(string path)
    {
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes)
        {
            var fd = open(p, O_RDONLY | O_CLOEXEC, 0);
            if (fd < 0)
            {
                throw new SystemCallException($"open({path})", errno);
            }

            return fd;
        }
    }
}
