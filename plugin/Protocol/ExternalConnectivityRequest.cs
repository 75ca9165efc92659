using System.Text.Json;

namespace Csnet.Plugin.Protocol;

/// <summary>/NetworkDriver.ProgramExternalConnectivity: the port keys (plus no_proxy_6to4 on 28+).</summary>
public sealed record ExternalConnectivityRequest(
    string? NetworkID,
    string? EndpointID,
    Dictionary<string, JsonElement>? Options);
