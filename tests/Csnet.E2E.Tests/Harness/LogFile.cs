namespace Csnet.E2E.Tests.Harness;

public static class LogFile
{
    public static long Length(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    /// <summary>The last lines of a log, optionally filtered and only from byte <paramref name="from"/> on (a scenario's own part).</summary>
    public static string Tail(string path, int lines = 40, Func<string, bool>? keep = null, long from = 0)
    {
        try
        {
            if (!File.Exists(path))
            {
                return $"({path} does not exist)";
            }
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Seek(Math.Min(from, stream.Length), SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n').Where(l => keep is null || keep(l)).ToArray();
            var tail = all.Skip(Math.Max(0, all.Length - lines - 1));
            return $"--- last {lines}{(keep is null ? "" : " relevant")} lines of {path} ---\n" + string.Join('\n', tail).TrimEnd();
        }
        catch (IOException e)
        {
            return $"(cannot read {path}: {e.Message})";
        }
    }
}
