using System.Text.Json.Serialization;

namespace Csnet.Ipam.Protocol;

/// <summary><c>Address</c> must be CIDR with the pool's prefix length; it becomes the interface prefix.</summary>
public sealed record RequestAddressResponse(
    [property: JsonPropertyName("Address")] string Address,
    [property: JsonPropertyName("Data")] Dictionary<string, string> Data);
