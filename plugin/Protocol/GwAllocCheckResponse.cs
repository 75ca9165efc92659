namespace Csnet.Plugin.Protocol;

public sealed record GwAllocCheckResponse(bool SkipIPv4, bool SkipIPv6);
