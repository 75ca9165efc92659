using Microsoft.Extensions.Logging;

namespace Csnet.Plugin.Drivers.Macvlan;

/// <summary>Macvlan mode events (ids 2400–2499).</summary>
internal static partial class MacvlanLog
{
    [LoggerMessage(EventId = 2400, Level = LogLevel.Information, Message = "Network {NetworkId} created on parent {Interface} (owner {Owner}, mode {Mode})")]
    public static partial void NetworkCreated(this ILogger logger, string networkId, string @interface, string owner, string mode);

    [LoggerMessage(EventId = 2401, Level = LogLevel.Information, Message = "Network {NetworkId} deleted (parent {Interface})")]
    public static partial void NetworkDeleted(this ILogger logger, string networkId, string @interface);

    [LoggerMessage(EventId = 2402, Level = LogLevel.Information, Message = "Network {NetworkId}: parent {Interface} was csnet's and is used by no other network; deleted it")]
    public static partial void ParentDeleted(this ILogger logger, string networkId, string @interface);

    [LoggerMessage(EventId = 2403, Level = LogLevel.Information, Message = "Network {NetworkId}: parent {Interface} stays, network {OtherNetworkId} still uses it")]
    public static partial void ParentKept(this ILogger logger, string networkId, string @interface, string otherNetworkId);

    [LoggerMessage(EventId = 2410, Level = LogLevel.Information, Message = "Endpoint {EndpointId} of network {NetworkId} created ({Interface})")]
    public static partial void EndpointCreated(this ILogger logger, string networkId, string endpointId, string @interface);

    [LoggerMessage(EventId = 2411, Level = LogLevel.Information, Message = "Endpoint {EndpointId} of network {NetworkId} deleted ({Interface})")]
    public static partial void EndpointDeleted(this ILogger logger, string networkId, string endpointId, string @interface);

    [LoggerMessage(EventId = 2420, Level = LogLevel.Warning, Message = "Network {NetworkId}: csnet's parent {Interface} was missing; recreated it")]
    public static partial void ParentRecreated(this ILogger logger, string networkId, string @interface);

    [LoggerMessage(EventId = 2421, Level = LogLevel.Error, Message = "Network {NetworkId}: parent {Interface} is missing; the network stays, and its containers fail to start until the link is back")]
    public static partial void ParentMissing(this ILogger logger, string networkId, string @interface);

    [LoggerMessage(EventId = 2422, Level = LogLevel.Warning, Message = "Network {NetworkId}: host shim {Interface} was missing or incomplete; rebuilt it from the stored record")]
    public static partial void ShimRestored(this ILogger logger, string networkId, string @interface);

    [LoggerMessage(EventId = 2423, Level = LogLevel.Warning, Message = "Endpoint {EndpointId} of network {NetworkId} ({Interface}) deleted: {Reason}")]
    public static partial void StaleEndpointDropped(this ILogger logger, string networkId, string endpointId, string @interface, string reason);

    [LoggerMessage(EventId = 2425, Level = LogLevel.Warning, Message = "Recovered {Operation} of network {NetworkId} {EndpointId} after a crash")]
    public static partial void IntentRecovered(this ILogger logger, string operation, string networkId, string endpointId);

    [LoggerMessage(EventId = 2424, Level = LogLevel.Warning, Message = "Network {NetworkId}: parent {Interface} is down; its containers reach nothing until it is up")]
    public static partial void ParentDown(this ILogger logger, string networkId, string @interface);

    [LoggerMessage(EventId = 2426, Level = LogLevel.Warning, Message = "Network {NetworkId}: shared parent {Interface} was tagged {Tag}, which names none of its networks; tagged it with this network")]
    public static partial void ParentRetagged(this ILogger logger, string networkId, string @interface, string tag);

    [LoggerMessage(EventId = 2427, Level = LogLevel.Warning, Message = "Network {NetworkId}: removed the route to {Address} through host shim {Interface}: no endpoint holds that address")]
    public static partial void ShimRouteDropped(this ILogger logger, string networkId, string @interface, string address);
}
