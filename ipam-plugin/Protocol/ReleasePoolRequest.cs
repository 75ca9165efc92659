using System.Text.Json.Serialization;

namespace Csnet.Ipam.Protocol;

public sealed record ReleasePoolRequest(
    [property: JsonPropertyName("PoolID")] string? PoolID);
