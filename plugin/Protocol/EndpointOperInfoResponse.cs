namespace Csnet.Plugin.Protocol;

/// <summary>The daemon cannot read port info from remote drivers (libnetwork#2451), so Value stays empty.</summary>
public sealed record EndpointOperInfoResponse(Dictionary<string, string> Value);
