using System.Text.Json;
using System.Text.Json.Serialization;

namespace Csnet.Ipam.Protocol;

/// <summary><c>Pool</c> is <c>--subnet</c>, <c>SubPool</c> is <c>--ip-range</c>, <c>Options</c> is <c>--ipam-opt</c> (may be null).</summary>
public sealed record RequestPoolRequest(
    [property: JsonPropertyName("AddressSpace")] string? AddressSpace,
    [property: JsonPropertyName("Pool")] string? Pool,
    [property: JsonPropertyName("SubPool")] string? SubPool,
    [property: JsonPropertyName("Options")] Dictionary<string, JsonElement>? Options,
    [property: JsonPropertyName("V6")] bool V6);
