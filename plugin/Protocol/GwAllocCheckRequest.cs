using System.Text.Json;

namespace Csnet.Plugin.Protocol;

/// <summary>/NetworkDriver.GwAllocCheck (dockerd 28+): the same Options map CreateNetwork will carry.</summary>
public sealed record GwAllocCheckRequest(Dictionary<string, JsonElement>? Options);
