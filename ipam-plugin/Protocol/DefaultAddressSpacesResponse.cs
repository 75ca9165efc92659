using System.Text.Json.Serialization;

namespace Csnet.Ipam.Protocol;

public sealed record DefaultAddressSpacesResponse(
    [property: JsonPropertyName("LocalDefaultAddressSpace")] string LocalDefaultAddressSpace,
    [property: JsonPropertyName("GlobalDefaultAddressSpace")] string GlobalDefaultAddressSpace);
