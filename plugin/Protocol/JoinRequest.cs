using System.Text.Json;

namespace Csnet.Plugin.Protocol;

/// <summary>/NetworkDriver.Join. Options are sandbox-level: only the port keys.</summary>
public sealed record JoinRequest(
    string? NetworkID,
    string? EndpointID,
    string? SandboxKey,
    Dictionary<string, JsonElement>? Options);
