using Csnet.Plugin.Composition;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Csnet.Plugin.Tests.Composition;

public sealed class CommandLineTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void Parse_Nothing_Defaults()
    {
        var result = CommandLine.Parse([], NoEnvironment);

        Assert.Empty(result.Problems);
        Assert.False(result.SelfTest);
        Assert.Equal("/run/docker/plugins/csnet.sock", result.Options!.SocketPath);
        Assert.Equal("/var/lib/csnet/csnet.db", result.Options.DatabasePath);
        Assert.Equal(LogLevel.Information, result.Options.LogLevel);
        Assert.Equal("/proc", result.Options.HostProc);
        Assert.Null(result.Options.DefaultPools);
    }

    [Fact]
    public void Parse_ArgumentsOverEnvironment()
    {
        var env = new Dictionary<string, string> { ["CSNET_SOCKET"] = "/env.sock", ["CSNET_STATE_DIR"] = "/env-state" };

        var options = CommandLine.Parse(["--socket", "/arg.sock"], k => env.GetValueOrDefault(k)).Options!;

        Assert.Equal("/arg.sock", options.SocketPath);
        Assert.Equal("/env-state", options.StateDir);
    }

    [Fact]
    public void Parse_EveryVariable_Bound()
    {
        var env = new Dictionary<string, string>
        {
            ["CSNET_LOG_LEVEL"] = "debug",
            ["CSNET_HOST_PROC"] = "/host/proc",
            ["CSNET_DEFAULT_POOLS"] = "base=10.10.0.0/16,size=24  base=10.20.0.0/16,size=26",
        };

        var options = CommandLine.Parse([], k => env.GetValueOrDefault(k)).Options!;

        Assert.Equal(LogLevel.Debug, options.LogLevel);
        Assert.Equal("/host/proc", options.HostProc);
        Assert.Equal([new("10.10.0.0/16", 24), new("10.20.0.0/16", 26)], options.DefaultPools!);
    }

    [Fact]
    public void Parse_EmptyVariable_KeepsDefault()
    {
        // config.json passes every env entry with a value, so "not set" arrives as an empty string.
        var options = CommandLine.Parse([], k => k == "CSNET_DEFAULT_POOLS" ? "" : null).Options!;

        Assert.Null(options.DefaultPools);
    }

    [Fact]
    public void Parse_BadValues_EveryProblemNamesItsVariable()
    {
        var env = new Dictionary<string, string> { ["CSNET_LOG_LEVEL"] = "loud", ["CSNET_DEFAULT_POOLS"] = "base=10.10.0.0/16 size=24" };

        var result = CommandLine.Parse([], k => env.GetValueOrDefault(k));

        Assert.Null(result.Options);
        Assert.Equal(3, result.Problems.Count);
        Assert.Contains(result.Problems, p => p.StartsWith("CSNET_LOG_LEVEL: 'loud'", StringComparison.Ordinal));
        Assert.All(result.Problems.Where(p => !p.Contains("LOG_LEVEL")), p => Assert.StartsWith("CSNET_DEFAULT_POOLS: pool ", p));
    }

    [Fact]
    public void Parse_LogFormat_TextByDefaultJsonWhenAsked()
    {
        Assert.Equal(LogFormat.Text, CommandLine.Parse([], NoEnvironment).Options!.LogFormat);
        Assert.Equal(LogFormat.Json, CommandLine.Parse(["--log-format", "json"], NoEnvironment).Options!.LogFormat);
        Assert.Equal(LogFormat.Json, CommandLine.Parse([], k => k == "CSNET_LOG_FORMAT" ? "JSON" : null).Options!.LogFormat);
    }

    [Fact]
    public void Parse_MetricsAddress_LoopbackOnly()
    {
        Assert.Null(CommandLine.Parse([], NoEnvironment).Options!.MetricsAddress);
        Assert.Equal("127.0.0.1:9324", CommandLine.Parse(["--metrics-address", "127.0.0.1:9324"], NoEnvironment).Options!.MetricsAddress!.ToString());
        Assert.Equal("[::1]:9324", CommandLine.Parse([], k => k == "CSNET_METRICS_ADDRESS" ? "[::1]:9324" : null).Options!.MetricsAddress!.ToString());

        var result = CommandLine.Parse([], k => k == "CSNET_METRICS_ADDRESS" ? "0.0.0.0:9324" : null);
        Assert.Equal("CSNET_METRICS_ADDRESS: '0.0.0.0:9324' is not a loopback address with a port; use 127.0.0.1:PORT, [::1]:PORT or none", Assert.Single(result.Problems));
    }

    [Fact]
    public void Parse_UnknownLogFormat_NamesTheVariableAndTheChoices()
    {
        var result = CommandLine.Parse([], k => k == "CSNET_LOG_FORMAT" ? "xml" : null);

        Assert.Equal("CSNET_LOG_FORMAT: 'xml' is not a log format; use text or json", Assert.Single(result.Problems));
    }

    [Fact]
    public void Parse_BadFlagValue_NamesTheFlag()
    {
        var result = CommandLine.Parse(["--log-level", "loud"], NoEnvironment);

        Assert.StartsWith("--log-level: 'loud'", Assert.Single(result.Problems));
    }

    [Fact]
    public void Parse_EqualsForm_Accepted() =>
        Assert.Equal("/s", CommandLine.Parse(["--state-dir=/s"], NoEnvironment).Options!.StateDir);

    [Fact]
    public void Parse_RelativeFlagPath_MadeAbsolute() =>
        Assert.Equal(Path.GetFullPath("state"), CommandLine.Parse(["--state-dir", "state"], NoEnvironment).Options!.StateDir);

    [Fact]
    public void Parse_SelfTestCommand_TakesTheSameFlags()
    {
        var result = CommandLine.Parse(["selftest", "--state-dir", "/tmp/st"], NoEnvironment);

        Assert.True(result.SelfTest);
        Assert.Equal("/tmp/st", result.Options!.StateDir);
    }

    [Fact]
    public void Parse_Help_ShowsUsageNamingEveryVariable()
    {
        Assert.True(CommandLine.Parse(["--help"], NoEnvironment).Usage);
        Assert.All(CsnetSettings.All, s => Assert.Contains($"env {s.Variable}", CommandLine.Usage));
    }

    [Theory]
    [InlineData("--sockett")]
    [InlineData("--socket")]
    public void Parse_BadArgument_ErrorWithUsage(string arg)
    {
        var result = CommandLine.Parse([arg], NoEnvironment);

        Assert.Null(result.Options);
        Assert.Contains("usage: csnet", Assert.Single(result.Problems));
    }
}
