using Microsoft.Extensions.Logging;

namespace Csnet.Ipam;

/// <summary>IPAM log events (ids 6000–6099). One event per state change.</summary>
internal static partial class IpamLog
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "Loaded {PoolCount} IPAM pools from the database")]
    public static partial void PoolsLoaded(this ILogger logger, int poolCount);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Pool {PoolId} allocated: {Pool} sub-pool {SubPool} (automatic {Automatic})")]
    public static partial void PoolAllocated(this ILogger logger, string poolId, string pool, string? subPool, bool automatic);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Pool {PoolId} released with {AddressCount} addresses")]
    public static partial void PoolReleased(this ILogger logger, string poolId, int addressCount);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Pool {PoolId} attached to network {NetworkId}")]
    public static partial void PoolAttached(this ILogger logger, string poolId, string networkId);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Information, Message = "Address {Address} allocated in pool {PoolId} ({Kind})")]
    public static partial void AddressAllocated(this ILogger logger, string address, string poolId, State.AddressKind kind);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Information, Message = "Address {Address} released in pool {PoolId}")]
    public static partial void AddressReleased(this ILogger logger, string address, string poolId);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Debug, Message = "Release of unknown pool {PoolId} answered as success")]
    public static partial void UnknownPoolReleased(this ILogger logger, string poolId);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Debug, Message = "Release of address {Address} not in use in pool {PoolId} answered as success")]
    public static partial void UnknownAddressReleased(this ILogger logger, string? address, string poolId);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Warning, Message = "Network {NetworkId} attached to unknown pool {PoolId}; ignored")]
    public static partial void AttachUnknownPool(this ILogger logger, string networkId, string poolId);

    [LoggerMessage(EventId = 6009, Level = LogLevel.Debug, Message = "Automatic pool candidate {Candidate} skipped: overlaps {Holder}")]
    public static partial void CandidateSkipped(this ILogger logger, string candidate, string holder);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Warning, Message = "{Method} refused: {Reason}")]
    public static partial void RequestRefused(this ILogger logger, string method, string reason);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Error, Message = "{Method} failed unexpectedly")]
    public static partial void RequestFailed(this ILogger logger, Exception exception, string method);

    [LoggerMessage(EventId = 6012, Level = LogLevel.Debug, Message = "Pool {PoolId} index loaded: {AddressCount} addresses in use")]
    public static partial void PoolIndexLoaded(this ILogger logger, string poolId, int addressCount);

    [LoggerMessage(EventId = 6013, Level = LogLevel.Information, Message = "Pool {PoolId}: addresses are probed on {Link} before they are handed out")]
    public static partial void PoolProbed(this ILogger logger, string poolId, string link);

    [LoggerMessage(EventId = 6014, Level = LogLevel.Warning, Message = "Address {Address} of pool {PoolId} answered on {Link} from {Mac}: skipped and remembered as seen on the LAN")]
    public static partial void AddressSeenOnLan(this ILogger logger, string address, string poolId, string link, string mac);

    [LoggerMessage(EventId = 6015, Level = LogLevel.Warning, Message = "Probe of {Address} on {Link} for pool {PoolId} failed; handing it out unprobed")]
    public static partial void LanProbeFailed(this ILogger logger, Exception exception, string address, string link, string poolId);

    [LoggerMessage(EventId = 6016, Level = LogLevel.Information, Message = "Reserved address {Address} is outside the usable addresses of pool {PoolId}; ignored")]
    public static partial void ReservedOutsidePool(this ILogger logger, string address, string poolId);

    [LoggerMessage(EventId = 6017, Level = LogLevel.Information, Message = "Reserved address {Address} of pool {PoolId} is already in use (aux address or gateway); kept as it is")]
    public static partial void ReservedAlreadyUsed(this ILogger logger, string address, string poolId);
}
