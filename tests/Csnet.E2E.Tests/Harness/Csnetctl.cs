namespace Csnet.E2E.Tests.Harness;

/// <summary>csnetctl (the suite's csnet binary, as <c>csnet ctl</c>) against the suite's plugin socket, and its dockerd for names.</summary>
public static class Csnetctl
{
    /// <summary>Runs it; the scenario fails unless it exits <paramref name="expectedExit"/>. Its output goes to the log.</summary>
    public static string Ctl(this TestScope t, E2EFixture fixture, int expectedExit, params string[] args)
    {
        var result = t.TryCtl(fixture, args);
        t.Log(result.Stdout);
        t.Check(result.ExitCode == expectedExit, $"csnetctl {string.Join(' ', args)}: exit {result.ExitCode}, expected {expectedExit}\n{result}");
        return result.Stdout;
    }

    /// <summary>Runs it; the scenario judges the result.</summary>
    public static CommandResult TryCtl(this TestScope t, E2EFixture fixture, params string[] args) =>
        t.HostTry([fixture.Plugin!.Executable, "ctl", .. args, "--socket", PluginProcess.SocketPath, "--docker-socket", fixture.Daemon!.Socket]);
}
