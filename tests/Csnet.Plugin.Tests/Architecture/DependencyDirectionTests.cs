using System.Text.RegularExpressions;
using Xunit;

namespace Csnet.Plugin.Tests.Architecture;

/// <summary>
/// Dependencies point one way: Endpoints → Drivers → Kernel and State → Model (→ common). Checked
/// on the sources' using directives and qualified names, so a wrong reference fails here before review.
/// </summary>
public sealed partial class DependencyDirectionTests
{
    private static readonly string Root = FindRoot();

    public static TheoryData<string, string> Forbidden => new()
    {
        { "plugin/Kernel", "Csnet.Plugin.Drivers" },
        { "plugin/Kernel", "Csnet.Plugin.State" },
        { "plugin/Kernel", "Csnet.Plugin.Endpoints" },
        { "plugin/Kernel", "Csnet.Plugin.Protocol" },
        { "plugin/Kernel", "LiteDB" },
        { "plugin/Kernel", "Csnet.Plugin.Model" },
        { "plugin/Model", "Csnet.Plugin.Drivers" },
        { "plugin/Model", "Csnet.Plugin.State" },
        { "plugin/Model", "Csnet.Plugin.Kernel" },
        { "plugin/Model", "Csnet.Plugin.Endpoints" },
        { "plugin/Model", "LiteDB" },
        { "plugin/Model", "Microsoft.AspNetCore" },
        { "plugin/State", "Csnet.Plugin.Drivers" },
        { "plugin/State", "Csnet.Plugin.Endpoints" },
        { "plugin/State", "Csnet.Plugin.Kernel" },
        { "plugin/Drivers", "Csnet.Plugin.Endpoints" },
        { "plugin/Drivers", "Csnet.Plugin.Protocol" },
        { "plugin/Drivers", "System.Text.Json" },
        { "plugin/Drivers", "LiteDB" },
        { "plugin/Drivers", "Microsoft.AspNetCore" },
        { "common", "Csnet.Plugin" },
        { "common", "Csnet.Ipam" },
        { "plugin/Protocol", "Csnet.Plugin.Drivers" },
        { "ipam-plugin", "Csnet.Plugin" },
    };

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void Folder_DoesNotReference(string folder, string forbiddenNamespace)
    {
        var offenders = Directory.EnumerateFiles(Path.Combine(Root, folder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/") && !f.Contains("/bin/"))
            .Where(f => Regex.IsMatch(File.ReadAllText(f), $@"\b{Regex.Escape(forbiddenNamespace)}\b"))
            .Select(f => Path.GetRelativePath(Root, f))
            .ToList();
        Assert.True(offenders.Count == 0, $"{folder} must not use {forbiddenNamespace}: {string.Join(", ", offenders)}");
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Plugin.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Plugin.sln not found above the test binaries");
    }
}
