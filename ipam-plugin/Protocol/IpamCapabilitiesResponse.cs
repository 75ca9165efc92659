using System.Text.Json.Serialization;

namespace Csnet.Ipam.Protocol;

public sealed record IpamCapabilitiesResponse(
    [property: JsonPropertyName("RequiresMACAddress")] bool RequiresMACAddress,
    [property: JsonPropertyName("RequiresRequestReplay")] bool RequiresRequestReplay);
