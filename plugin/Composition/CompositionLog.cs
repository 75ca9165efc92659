namespace Csnet.Plugin.Composition;

/// <summary>Messages of the process's own services: start-up, kernel notifications (event ids 8000–8099).</summary>
public static partial class CompositionLog
{
    /// <summary>
    /// The socket accepts connections. The figure is from the process's start, so a managed
    /// plugin's dockerd log shows what the daemon's readiness wait (0.5 s, then every 3 s) is up against.
    /// </summary>
    [LoggerMessage(EventId = 8000, Level = LogLevel.Information, Message = "Serving {Socket} ({ElapsedMs} ms after the process started); state in {StateDir}")]
    public static partial void Serving(this ILogger logger, string socket, long elapsedMs, string stateDir);

    [LoggerMessage(EventId = 8010, Level = LogLevel.Error, Message = "Listening to link and route changes failed; uplinks are read afresh until it works again (retry in {RetrySeconds} s)")]
    public static partial void ListenerFailed(this ILogger logger, double retrySeconds, Exception error);

    [LoggerMessage(EventId = 8011, Level = LogLevel.Information, Message = "Link and route notifications were lost (receive buffer overflow); reading uplinks again and reconciling")]
    public static partial void EventsLost(this ILogger logger);

    // Debug: csnet's own network deletes bring it too (that pass finds nothing to do).
    [LoggerMessage(EventId = 8012, Level = LogLevel.Debug, Message = "Bridge {Interface} (tagged {Tag}) was deleted; reconciling now")]
    public static partial void BridgeDeleted(this ILogger logger, string @interface, string tag);
}
