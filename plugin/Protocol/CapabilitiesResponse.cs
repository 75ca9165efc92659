namespace Csnet.Plugin.Protocol;

/// <summary>/NetworkDriver.GetCapabilities. Scope must be exactly "local" or "global".</summary>
public sealed record CapabilitiesResponse(string Scope, string ConnectivityScope, bool GwAllocChecker);
