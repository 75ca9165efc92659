namespace Csnet.Plugin.Protocol;

/// <summary>/Plugin.Activate: which subsystems this process serves (exact, case-sensitive names).</summary>
public sealed record PluginActivateResponse(string[] Implements);
