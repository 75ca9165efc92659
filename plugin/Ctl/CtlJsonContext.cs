using System.Text.Json.Serialization;

namespace Csnet.Plugin.Ctl;

/// <summary>Source-generated JSON for what csnetctl itself prints (the admin routes' answers are <see cref="Admin.AdminJsonContext"/>'s).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(ImportSummary))]
public sealed partial class CtlJsonContext : JsonSerializerContext;
