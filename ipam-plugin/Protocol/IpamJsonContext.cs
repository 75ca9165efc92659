using System.Text.Json.Serialization;

namespace Csnet.Ipam.Protocol;

/// <summary>
/// Source-generated serialisation for every IPAM DTO. Reading is case-insensitive like Go's decoder,
/// so a hand-written request with other casing still works.
/// </summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(IpamCapabilitiesResponse))]
[JsonSerializable(typeof(DefaultAddressSpacesResponse))]
[JsonSerializable(typeof(RequestPoolRequest))]
[JsonSerializable(typeof(RequestPoolResponse))]
[JsonSerializable(typeof(ReleasePoolRequest))]
[JsonSerializable(typeof(RequestAddressRequest))]
[JsonSerializable(typeof(RequestAddressResponse))]
[JsonSerializable(typeof(ReleaseAddressRequest))]
[JsonSerializable(typeof(IpamEmptyResponse))]
[JsonSerializable(typeof(IpamErrorResponse))]
public sealed partial class IpamJsonContext : JsonSerializerContext;
