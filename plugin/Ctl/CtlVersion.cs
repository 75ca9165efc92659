using System.Reflection;

namespace Csnet.Plugin.Ctl;

/// <summary>This build's version with its commit (0.17.0+abc123…), as csnet reports it and csnetctl compares it.</summary>
public static class CtlVersion
{
    public static string Current { get; } = Shorten(
        typeof(CtlVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown");

    // The SDK appends the whole commit id; 12 characters name a commit as git's short form does.
    private static string Shorten(string version) =>
        version.IndexOf('+') is var plus and >= 0 && version.Length > plus + 13 ? version[..(plus + 13)] : version;
}
