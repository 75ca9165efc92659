using Csnet.E2E.Tests.Harness;
using Xunit.Abstractions;

namespace Csnet.E2E.Tests.Scenarios;

/// <summary>The published binary in its own rootfs, whatever the publish mode: stores and kernel round trips, and the figures.</summary>
[Collection(ManagedPluginCollection.Name)]
public sealed class ManagedPluginImageTests(ManagedPluginFixture fixture, ITestOutputHelper output)
{
    /// <summary>
    /// rootfs-build/selftest.sh: csnet selftest chrooted into the image, so a trimmed or AOT build
    /// that lost document members, a link codec or a library of libnftables fails here.
    /// </summary>
    [SkippableFact]
    public void ThePublishedBinaryPassesItsSelfTestInsideItsRootfs()
    {
        Skip.If(Environment.UserName != "root", "the self test needs root (chroot, mount and network namespaces)");
        var binary = Path.Combine(fixture.PluginDir, "rootfs", "csnet");
        Skip.IfNot(File.Exists(binary), $"{binary} not found (run 'make plugin-dir', or set CSNET_PLUGIN_DIR)");
        var run = ProcessRunner.Run("bash", [Path.Combine(fixture.RepoRoot, "rootfs-build", "selftest.sh"), fixture.PluginDir], TimeSpan.FromSeconds(120));
        output.WriteLine(run.Stdout);
        Assert.True(run.Succeeded, $"csnet selftest failed inside {fixture.PluginDir}/rootfs\n{run}");
    }

    /// <summary>Readiness as dockerd sees it, for the report ("ENABLE"); no timing is asserted.</summary>
    [SkippableFact]
    public void EnablingThePluginReportsWhenItsSocketAnswers()
    {
        using var t = TestScope.Begin(fixture, output, ManagedPluginFixture.PluginName);
        var figures = fixture.MeasureEnable(ManagedPluginFixture.PluginName);
        t.Log("ENABLE " + figures);
        fixture.Log("ENABLE " + figures);
        t.Check(t.Docker("plugin", "inspect", "-f", "{{.Enabled}}", ManagedPluginFixture.PluginName).Stdout.Trim() == "true", "csnet:latest is not enabled again");
        t.Passed();
    }
}
