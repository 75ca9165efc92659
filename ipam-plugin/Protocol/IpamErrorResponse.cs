using System.Text.Json.Serialization;

namespace Csnet.Ipam.Protocol;

/// <summary>
/// Sent with HTTP 500. The daemon's plugin client reads <c>Err</c> from non-200 answers; the IPAM
/// response struct uses <c>Error</c>. Both carry the same text so either path shows it.
/// </summary>
public sealed record IpamErrorResponse(
    [property: JsonPropertyName("Err")] string Err,
    [property: JsonPropertyName("Error")] string Error);
