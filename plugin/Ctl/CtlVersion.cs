using System.Reflection;

namespace Csnet.Plugin.Ctl;

/// <summary>This build's version with its commit (0.17.0+abc123…), as csnet reports it and csnetctl compares it.</summary>
public static class CtlVersion
{
    public static string Current { get; } =
        typeof(CtlVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
