namespace Csnet.Plugin.Protocol;

public sealed record CreateEndpointResponse(EndpointInterface? Interface);
