using Microsoft.Extensions.Logging.Console;

namespace Csnet.Plugin.Composition;

/// <summary>
/// Where and how csnet logs: to standard error (the dockerd journal for the managed plugin), UTC
/// timestamps, csnet's categories at the chosen level and the framework's at Warning or above. Text
/// is one line per event; json is one object per line whose "State" carries every field of the
/// message (method, ids, outcome, ms for a request), so collectors need no parsing of the text.
/// </summary>
public static class CsnetLogging
{
    public const string TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";

    public static void Configure(ILoggingBuilder logging, CsnetOptions options)
    {
        logging.ClearProviders();
        if (options.LogFormat == LogFormat.Json)
        {
            logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = TimestampFormat.TrimEnd();
                o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = TimestampFormat;
            });
        }

        logging.SetMinimumLevel(options.LogLevel);
        logging.AddFilter("Microsoft", options.LogLevel > LogLevel.Warning ? options.LogLevel : LogLevel.Warning);
        logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }
}
