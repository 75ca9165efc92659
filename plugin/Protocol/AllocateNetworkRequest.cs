namespace Csnet.Plugin.Protocol;

/// <summary>/NetworkDriver.AllocateNetwork (swarm managers of global-scope drivers only): a flat option map.</summary>
public sealed record AllocateNetworkRequest(string? NetworkID, Dictionary<string, string>? Options);
