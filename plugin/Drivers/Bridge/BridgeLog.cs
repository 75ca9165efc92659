using Microsoft.Extensions.Logging;

namespace Csnet.Plugin.Drivers.Bridge;

internal static partial class BridgeLog
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "Network {NetworkId} created on bridge {Interface} (owner {Owner})")]
    public static partial void NetworkCreated(this ILogger logger, string networkId, string @interface, string owner);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Network {NetworkId} deleted (bridge {Interface})")]
    public static partial void NetworkDeleted(this ILogger logger, string networkId, string @interface);

    [LoggerMessage(EventId = 2110, Level = LogLevel.Information, Message = "Endpoint {EndpointId} of network {NetworkId} created ({Interface})")]
    public static partial void EndpointCreated(this ILogger logger, string networkId, string endpointId, string @interface);

    [LoggerMessage(EventId = 2111, Level = LogLevel.Information, Message = "Endpoint {EndpointId} of network {NetworkId} deleted ({Interface})")]
    public static partial void EndpointDeleted(this ILogger logger, string networkId, string endpointId, string @interface);

    [LoggerMessage(EventId = 2120, Level = LogLevel.Warning, Message = "Network {NetworkId}: bridge {Interface} was missing or incomplete; rebuilt it from the stored record")]
    public static partial void NetworkRestored(this ILogger logger, string networkId, string @interface);

    [LoggerMessage(EventId = 2121, Level = LogLevel.Error, Message = "Network {NetworkId}: the adopted bridge {Interface} is missing; csnet does not create bridges it did not make, so recreate it")]
    public static partial void AdoptedBridgeMissing(this ILogger logger, string networkId, string @interface);

    [LoggerMessage(EventId = 2122, Level = LogLevel.Warning, Message = "Endpoint {EndpointId} of network {NetworkId} ({Interface}) deleted: {Reason}")]
    public static partial void StaleEndpointDropped(this ILogger logger, string networkId, string endpointId, string @interface, string reason);

    [LoggerMessage(EventId = 2123, Level = LogLevel.Warning, Message = "Endpoint {EndpointId} of network {NetworkId}: veth {Interface} was off its bridge; attached it to {Bridge} again")]
    public static partial void EndpointReattached(this ILogger logger, string networkId, string endpointId, string @interface, string bridge);

    [LoggerMessage(EventId = 2130, Level = LogLevel.Warning, Message = "Endpoint {EndpointId}: not publishing {Binding}")]
    public static partial void PortBindingSkipped(this ILogger logger, string endpointId, string binding);

    [LoggerMessage(EventId = 2140, Level = LogLevel.Warning, Message = "Network {NetworkId}: host setting changed: {Change}")]
    public static partial void HostSettingChanged(this ILogger logger, string networkId, string change);

    [LoggerMessage(EventId = 2150, Level = LogLevel.Warning, Message = "{Operation} of network {NetworkId} {EndpointId} was cut short by a crash; finished or undone it")]
    public static partial void IntentRecovered(this ILogger logger, string operation, string networkId, string endpointId);

    [LoggerMessage(EventId = 2160, Level = LogLevel.Error, Message = "Network {NetworkId} cannot work on this host as it is now: {Problem}")]
    public static partial void HostProblem(this ILogger logger, string networkId, string problem);

    [LoggerMessage(EventId = 2161, Level = LogLevel.Information, Message = "Network {NetworkId}: the host problem of bridge {Interface} is gone")]
    public static partial void HostProblemGone(this ILogger logger, string networkId, string @interface);
}
