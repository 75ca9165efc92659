using Csnet.Plugin.Composition;
using Xunit;

namespace Csnet.Plugin.Tests.Composition;

public sealed class StateLockTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("csnet-lock-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Acquire_SecondTime_RefusedNamingThePid()
    {
        var (first, _) = StateLock.Acquire(_dir);
        using (first)
        {
            var (second, error) = StateLock.Acquire(_dir);

            Assert.Null(second);
            Assert.Contains($"another csnet (pid {Environment.ProcessId})", error);
            Assert.Contains(_dir, error);
        }

        var (again, _) = StateLock.Acquire(_dir);
        Assert.NotNull(again);
        again!.Dispose();
    }
}
