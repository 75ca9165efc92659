using Microsoft.Extensions.Logging;

namespace Csnet.Plugin.Drivers.Firewall;

internal static partial class FirewallLog
{
    [LoggerMessage(EventId = 2200, Level = LogLevel.Warning, Message = "Firewall rules were missing or changed; reapplied {Count} network rule sets in {DurationMs:F1} ms")]
    public static partial void FirewallRepaired(this ILogger logger, int count, double durationMs);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Error, Message = "Firewall check or repair failed; retrying in a second")]
    public static partial void FirewallRepairFailed(this ILogger logger, Exception error);
}
