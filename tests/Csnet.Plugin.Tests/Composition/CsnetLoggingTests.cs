using System.Text.Json;
using Csnet.Plugin.Composition;
using Csnet.Plugin.Endpoints;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Xunit;

namespace Csnet.Plugin.Tests.Composition;

/// <summary>The request line as csnet writes it, through the console formatter CSNET_LOG_FORMAT picks.</summary>
public sealed class CsnetLoggingTests
{
    [Fact]
    public void Json_OneObjectPerLineWithTheRequestsFieldsAsProperties()
    {
        var line = FormatRequestLine(LogFormat.Json);

        Assert.DoesNotContain('\n', line.TrimEnd());
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal("Information", root.GetProperty("LogLevel").GetString());
        Assert.Equal("NetworkDriver.Join net=4b1c ep=9f00 -> ok in 1.3 ms", root.GetProperty("Message").GetString());
        var state = root.GetProperty("State");
        Assert.Equal("NetworkDriver.Join", state.GetProperty("Method").GetString());
        Assert.Equal("net=4b1c ep=9f00", state.GetProperty("Ids").GetString());
        Assert.Equal("ok", state.GetProperty("Outcome").GetString());
        Assert.EndsWith("Z", root.GetProperty("Timestamp").GetString());
    }

    [Fact]
    public void Text_OneLineWithUtcTimestampAndTheSameMessage()
    {
        var line = FormatRequestLine(LogFormat.Text).TrimEnd();

        Assert.DoesNotContain('\n', line);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z info: ", line);
        Assert.EndsWith("NetworkDriver.Join net=4b1c ep=9f00 -> ok in 1.3 ms", line);
    }

    /// <summary>Logs the request line once through csnet's logging set-up and returns what the console would get.</summary>
    private static string FormatRequestLine(LogFormat format)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => CsnetLogging.Configure(logging, new CsnetOptions { LogFormat = format }));
        using var provider = services.BuildServiceProvider();
        var name = provider.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value.FormatterName;
        var formatter = provider.GetRequiredService<IEnumerable<ConsoleFormatter>>().Single(f => f.Name == name);
        var capture = new CapturingLogger(formatter);

        capture.Request("NetworkDriver.Join", "net=4b1c ep=9f00", "ok", 1.3);

        return capture.Output.ToString();
    }

    private sealed class CapturingLogger(ConsoleFormatter formatter) : ILogger
    {
        public StringWriter Output { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> format) =>
            formatter.Write(new LogEntry<TState>(logLevel, "Csnet.Plugin.Endpoints.RequestLogMiddleware", eventId, state, exception, format), null, Output);
    }
}
