namespace Csnet.Plugin.Protocol;

/// <summary>
/// Without a Gateway (and not internal, and DisableGatewayService false) the daemon also attaches
/// the container to docker_gwbridge.
/// </summary>
public sealed record JoinResponse(
    InterfaceName InterfaceName,
    string? Gateway,
    string? GatewayIPv6,
    List<StaticRoute>? StaticRoutes,
    bool DisableGatewayService);
