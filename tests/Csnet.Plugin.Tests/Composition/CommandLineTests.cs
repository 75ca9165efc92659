using Csnet.Plugin.Composition;
using Xunit;

namespace Csnet.Plugin.Tests.Composition;

public sealed class CommandLineTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void Parse_Nothing_Defaults()
    {
        var (options, error) = CommandLine.Parse([], NoEnvironment);
        Assert.Null(error);
        Assert.Equal("/run/docker/plugins/csnet.sock", options!.SocketPath);
        Assert.Equal("/var/lib/csnet/csnet.db", options.DatabasePath);
    }

    [Fact]
    public void Parse_ArgumentsOverEnvironment()
    {
        var env = new Dictionary<string, string> { ["CSNET_SOCKET"] = "/env.sock", ["CSNET_STATE_DIR"] = "/env-state" };
        var (options, _) = CommandLine.Parse(["--socket", "/arg.sock"], k => env.GetValueOrDefault(k));
        Assert.Equal("/arg.sock", options!.SocketPath);
        Assert.Equal("/env-state", options.StateDir);
    }

    [Fact]
    public void Parse_EqualsForm_Accepted() =>
        Assert.Equal("/s", CommandLine.Parse(["--state-dir=/s"], NoEnvironment).Options!.StateDir);

    [Theory]
    [InlineData("--sockett")]
    [InlineData("--socket")]
    public void Parse_BadArgument_ErrorWithUsage(string arg)
    {
        var (options, error) = CommandLine.Parse([arg], NoEnvironment);
        Assert.Null(options);
        Assert.Contains("usage: csnet", error);
    }
}
