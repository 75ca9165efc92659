using System.Text.Json;

namespace Csnet.Plugin.Protocol;

public sealed record CreateEndpointRequest(
    string? NetworkID,
    string? EndpointID,
    EndpointInterface? Interface,
    Dictionary<string, JsonElement>? Options);
