using System.Text.Json.Serialization;

namespace Csnet.Ipam.Protocol;

/// <summary>
/// <c>Data</c> stays empty: a <c>com.docker.network.gateway</c> entry would stop the daemon from
/// requesting the gateway address, and then csnet could not reserve it.
/// </summary>
public sealed record RequestPoolResponse(
    [property: JsonPropertyName("PoolID")] string PoolID,
    [property: JsonPropertyName("Pool")] string Pool,
    [property: JsonPropertyName("Data")] Dictionary<string, string> Data);
