namespace Csnet.Plugin.Protocol;

/// <summary>Requests that name a network and an endpoint: Leave, DeleteEndpoint, EndpointOperInfo, RevokeExternalConnectivity.</summary>
public sealed record EndpointRequest(string? NetworkID, string? EndpointID);
