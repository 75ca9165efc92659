using System.Text;
using static Tmds.Linux.LibC;

namespace Csnet.Common.Storage;

/// <summary>
/// Makes LiteDB's commits durable, many at a time. LiteDB 5 writes a commit's pages into its log
/// file (name-log.db) and returns without fsync; only a checkpoint flushes. That survives a crash of
/// the process, not of the host. Here an answer waits until its writes are on disk: the first waiter
/// starts one fsync of the log file, writes that land meanwhile wait for the next one, and one fsync
/// then covers every write made before it started. Concurrent requests share the disk flush instead of
/// queueing for one each. The log is opened by path for each flush (fsync flushes the file, whichever
/// descriptor names it), because LiteDB deletes and recreates it; the first flush of a log file also
/// flushes its directory, so that the file itself survives.
/// </summary>
public sealed class GroupCommit
{
    private const int ENOENT = 2;
    private readonly string _logFile;
    private readonly string _directory;
    private readonly Func<long> _lastWrite;
    private readonly Lock _gate = new();
    private readonly List<(long Sequence, TaskCompletionSource Done)> _waiters = [];
    private long _durable;
    private bool _flushing;
    private bool _logKnown;

    /// <param name="databaseFile">The LiteDB data file; its log is beside it.</param>
    /// <param name="lastWrite">The sequence number of the newest write (<see cref="SerialWriteEngine.LastWrite"/>).</param>
    public GroupCommit(string databaseFile, Func<long> lastWrite)
    {
        var full = Path.GetFullPath(databaseFile);
        _directory = Path.GetDirectoryName(full)!;
        _logFile = Path.Combine(_directory, Path.GetFileNameWithoutExtension(full) + "-log" + Path.GetExtension(full));
        _lastWrite = lastWrite;
    }

    /// <summary>How many fsyncs ran; with concurrent requests far fewer than the writes they cover.</summary>
    public long Flushes { get; private set; }

    /// <summary>Completes when every write up to <paramref name="sequence"/> is on disk.</summary>
    public Task WaitAsync(long sequence)
    {
        bool start;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (sequence <= _durable)
            {
                return Task.CompletedTask;
            }

            _waiters.Add((sequence, done));
            start = !_flushing;
            _flushing = true;
        }

        if (start)
        {
            // The flushing thread blocks in fsync; it is not one the request that started it waits on.
            ThreadPool.UnsafeQueueUserWorkItem(_ => FlushUntilNoneWait(), null);
        }

        return done.Task;
    }

    private void FlushUntilNoneWait()
    {
        while (true)
        {
            lock (_gate)
            {
                if (_waiters.Count == 0)
                {
                    _flushing = false;
                    return;
                }
            }

            // Read before the flush: everything written up to here is in the file the fsync flushes.
            var covered = _lastWrite();
            Exception? failure = null;
            try
            {
                FlushLog();
            }
            catch (Exception e)
            {
                failure = e;
            }

            List<TaskCompletionSource> finished = [];
            lock (_gate)
            {
                Flushes++;
                if (failure is null)
                {
                    _durable = Math.Max(_durable, covered);
                }

                for (var i = _waiters.Count - 1; i >= 0; i--)
                {
                    if (failure is not null || _waiters[i].Sequence <= covered)
                    {
                        finished.Add(_waiters[i].Done);
                        _waiters.RemoveAt(i);
                    }
                }
            }

            foreach (var waiter in finished)
            {
                if (failure is null)
                {
                    waiter.SetResult();
                }
                else
                {
                    waiter.SetException(failure);
                }
            }
        }
    }

    private void FlushLog()
    {
        var fd = Open(_logFile);
        if (fd < 0)
        {
            // No log: LiteDB has checkpointed it into the data file, and a checkpoint flushes. The
            // next log is a new file, whose directory entry must be flushed too.
            _logKnown = false;
            return;
        }

        try
        {
            Check(fsync(fd), $"fsync({_logFile})");
            if (!_logKnown)
            {
                FlushDirectory();
                _logKnown = true;
            }
        }
        finally
        {
            close(fd);
        }
    }

    private void FlushDirectory()
    {
        var fd = Open(_directory);
        if (fd < 0)
        {
            return;
        }

        try
        {
            Check(fsync(fd), $"fsync({_directory})");
        }
        finally
        {
            close(fd);
        }
    }

    private static unsafe int Open(string path)
    {
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes)
        {
            var fd = open(p, O_RDONLY | O_CLOEXEC, 0);
            if (fd < 0 && errno != ENOENT)
            {
                throw new IOException($"open({path}) failed with errno {errno}: the state cannot be flushed to disk");
            }

            return fd;
        }
    }

    private static void Check(int result, string call)
    {
        if (result < 0)
        {
            throw new IOException($"{call} failed with errno {errno}: the state may not be on disk");
        }
    }
}
