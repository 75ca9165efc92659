using System.Text.Json.Serialization;

namespace Csnet.Plugin.Admin;

/// <summary>Source-generated JSON for the admin routes and csnetctl (no reflection: the binary is Native AOT).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(IReadOnlyList<NetworkView>))]
[JsonSerializable(typeof(NetworkDetailView))]
[JsonSerializable(typeof(IReadOnlyList<PoolView>))]
[JsonSerializable(typeof(DoctorView))]
[JsonSerializable(typeof(AdminError))]
public sealed partial class AdminJsonContext : JsonSerializerContext;
