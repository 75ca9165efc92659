using System.Text.Json.Serialization;

namespace Csnet.Plugin.Protocol;

/// <summary>
/// Source-generated serialization for every NetworkDriver DTO. Docker's Go client matches keys
/// case-insensitively and sends null for nil maps; nulls are left out of answers so no field the
/// daemon already set is echoed back.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PluginActivateResponse))]
[JsonSerializable(typeof(CapabilitiesResponse))]
[JsonSerializable(typeof(GwAllocCheckRequest))]
[JsonSerializable(typeof(GwAllocCheckResponse))]
[JsonSerializable(typeof(CreateNetworkRequest))]
[JsonSerializable(typeof(AllocateNetworkRequest))]
[JsonSerializable(typeof(AllocateNetworkResponse))]
[JsonSerializable(typeof(NetworkRequest))]
[JsonSerializable(typeof(CreateEndpointRequest))]
[JsonSerializable(typeof(CreateEndpointResponse))]
[JsonSerializable(typeof(EndpointRequest))]
[JsonSerializable(typeof(JoinRequest))]
[JsonSerializable(typeof(JoinResponse))]
[JsonSerializable(typeof(ExternalConnectivityRequest))]
[JsonSerializable(typeof(EndpointOperInfoResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(EmptyResponse))]
[JsonSerializable(typeof(DiscoveryRequest))]
public sealed partial class CsnetJsonContext : JsonSerializerContext;
