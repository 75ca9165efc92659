using Csnet.Plugin.Ctl;
using Xunit;

namespace Csnet.Plugin.Tests.Admin;

/// <summary>csnetctl's exit codes and messages where no csnet is involved.</summary>
public sealed class CtlProgramTests
{
    [Theory]
    [InlineData("/usr/bin/csnetctl", new[] { "ls" }, true)]
    [InlineData("/usr/bin/csnet", new[] { "ctl", "ls" }, true)]
    [InlineData("/usr/bin/csnet", new[] { "--socket", "/x" }, false)]
    public void Applies_ByNameOrCtlVerb(string processPath, string[] args, bool expected) =>
        Assert.Equal(expected, CtlProgram.Applies(processPath, args));

    [Fact]
    public async Task NoCsnetOnTheSocket_Exit2NamingTheSocket()
    {
        var (code, output, error) = await RunAsync("ls", "--socket", "/nonexistent/csnet.sock");

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains("cannot reach csnet at /nonexistent/csnet.sock", error);
    }

    [Fact]
    public async Task UnknownVerb_Exit64()
    {
        var (code, _, error) = await RunAsync("teleport");

        Assert.Equal(64, code);
        Assert.Contains("csnetctl --help", error);
    }

    [Fact]
    public async Task Help_ListsEveryVerb()
    {
        var (code, output, _) = await RunAsync("--help");

        Assert.Equal(0, code);
        Assert.Contains("ls", output);
        Assert.Contains("inspect", output);
        Assert.Contains("ipam", output);
        Assert.Contains("doctor", output);
        Assert.Contains("--json", output);
    }

    [Fact]
    public async Task DoctorWithoutCsnet_Exit2()
    {
        var (code, _, error) = await RunAsync("doctor", "--socket", "/nonexistent/csnet.sock");

        Assert.Equal(2, code);
        Assert.Contains("cannot reach csnet", error);
    }

    [Fact]
    public async Task InspectWithoutNetwork_Exit64()
    {
        var (code, _, _) = await RunAsync("inspect");

        Assert.Equal(64, code);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CtlProgram.RunAsync("/usr/bin/csnetctl", args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
