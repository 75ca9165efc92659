namespace Csnet.Plugin.Endpoints;

internal static partial class EndpointLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "{Method} {Ids} -> {Outcome} in {DurationMs:F1} ms")]
    public static partial void Request(this ILogger logger, string method, string ids, string outcome, double durationMs);

    // csnet's own read-only routes and metric scrapes (a scraper every 15 s) stay out of the default log.
    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "{Method} {Ids} -> {Outcome} in {DurationMs:F1} ms")]
    public static partial void ReadRequest(this ILogger logger, string method, string ids, string outcome, double durationMs);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "{Method} {Ids} -> {Outcome} in {DurationMs:F1} ms")]
    public static partial void RequestFailed(this ILogger logger, string method, string ids, string outcome, double durationMs);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "{Method}: unexpected failure")]
    public static partial void Unexpected(this ILogger logger, string method, Exception error);
}
