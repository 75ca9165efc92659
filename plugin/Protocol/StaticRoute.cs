namespace Csnet.Plugin.Protocol;

/// <summary>RouteType 0 = next hop (NextHop required), 1 = connected.</summary>
public sealed record StaticRoute(string Destination, int RouteType, string? NextHop);
