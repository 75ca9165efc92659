namespace Csnet.Plugin.Composition;

/// <summary>Start-up messages of the process (event ids 8000–8099).</summary>
public static partial class CompositionLog
{
    /// <summary>
    /// The socket accepts connections. The figure is from the process's start, so a managed
    /// plugin's dockerd log shows what the daemon's readiness wait (0.5 s, then every 3 s) is up against.
    /// </summary>
    [LoggerMessage(EventId = 8000, Level = LogLevel.Information, Message = "Serving {Socket} ({ElapsedMs} ms after the process started); state in {StateDir}")]
    public static partial void Serving(this ILogger logger, string socket, long elapsedMs, string stateDir);
}
