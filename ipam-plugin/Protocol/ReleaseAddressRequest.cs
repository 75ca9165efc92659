using System.Text.Json.Serialization;

namespace Csnet.Ipam.Protocol;

public sealed record ReleaseAddressRequest(
    [property: JsonPropertyName("PoolID")] string? PoolID,
    [property: JsonPropertyName("Address")] string? Address);
