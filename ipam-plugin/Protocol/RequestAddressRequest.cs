using System.Text.Json;
using System.Text.Json.Serialization;

namespace Csnet.Ipam.Protocol;

/// <summary>
/// <c>Address</c> is a bare IP (<c>--ip</c>, <c>--aux-address</c>, <c>--gateway</c>) or empty;
/// <c>Options</c> may be null (≤ 28.x) or carry <c>RequestAddressType</c>, the MAC, the endpoint name.
/// </summary>
public sealed record RequestAddressRequest(
    [property: JsonPropertyName("PoolID")] string? PoolID,
    [property: JsonPropertyName("Address")] string? Address,
    [property: JsonPropertyName("Options")] Dictionary<string, JsonElement>? Options);
