namespace Csnet.Plugin.Protocol;

public sealed record AllocateNetworkResponse(Dictionary<string, string> Options);
