using Microsoft.Extensions.Logging;

namespace Csnet.Plugin.Kernel.Nftables;

/// <summary>Log messages of the nftables firewall (event ids 5000–5099).</summary>
internal static partial class NftablesLog
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information,
        Message = "Applied firewall for {NetworkCount} networks in table inet {Table}; host FORWARD chains opened: {HostChains}")]
    public static partial void Applied(this ILogger logger, int networkCount, string table, string hostChains);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning,
        Message = "Firewall batch failed on attempt {Attempt}, probably because the host's FORWARD chain changed meanwhile; listing it again")]
    public static partial void RetryingApply(this ILogger logger, int attempt, Exception exception);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Debug,
        Message = "Could not list the ruleset to check it; counting it as not intact")]
    public static partial void IntactCheckFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Debug,
        Message = "Could not read the nf_tables generation; checking by listing")]
    public static partial void GenerationUnreadable(this ILogger logger, Exception exception);
}
