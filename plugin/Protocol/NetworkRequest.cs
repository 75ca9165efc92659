namespace Csnet.Plugin.Protocol;

/// <summary>Requests that name only a network: DeleteNetwork, FreeNetwork.</summary>
public sealed record NetworkRequest(string? NetworkID);
