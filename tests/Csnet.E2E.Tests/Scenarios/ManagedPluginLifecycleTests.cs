using System.Text.RegularExpressions;
using Csnet.E2E.Tests.Harness;
using Xunit.Abstractions;

namespace Csnet.E2E.Tests.Scenarios;

/// <summary>What Docker does to a managed plugin over its life: push, install, upgrade, daemon restart.</summary>
[Collection(ManagedPluginCollection.Name)]
public sealed partial class ManagedPluginLifecycleTests(ManagedPluginFixture fixture, ITestOutputHelper output)
{
    private const string Plugin = ManagedPluginFixture.PluginName;

    /// <summary>
    /// make plugin-push to a registry on 127.0.0.1, then what a user types: docker plugin install
    /// from it, and a network whose driver is named with the tag. csnet:latest is disabled
    /// meanwhile (two csnets would share the nftables table) and enabled again at the end.
    /// </summary>
    [SkippableFact]
    public void APushedPluginInstallsFromTheRegistryAndServesUnderItsTaggedName()
    {
        SkipWithoutRegistry();
        using var t = TestScope.Begin(fixture, output, Plugin);
        using var registry = LocalRegistry.Start(fixture.Root);
        var reference = Push(t, registry, "e2e");

        t.Must("plugin", "disable", Plugin);
        try
        {
            var state = Path.Combine(fixture.Root, "state-registry");
            Directory.CreateDirectory(state);
            t.Must("plugin", "install", "--grant-all-permissions", reference, $"state.source={state}");
            var installed = TestScope.Begin(fixture, output, reference);
            try
            {
                var network = installed.CreateNetwork("tagged", "--subnet", $"{installed.Net(73)}.0/24");
                var a = installed.StartContainer("a", network);
                installed.MustPing(installed.StartContainer("b", network), a);
                installed.Passed();
            }
            finally
            {
                // Its containers and network go while the plugin that serves them still runs.
                installed.Dispose();
            }
            t.Must("plugin", "disable", "-f", reference);
            t.Must("plugin", "rm", "-f", reference);
        }
        finally
        {
            t.Docker("plugin", "rm", "-f", reference);
            t.Check(fixture.Enable(Plugin) is { Succeeded: true }, "docker plugin enable failed");
        }
        t.Passed();
    }

    /// <summary>
    /// docker plugin upgrade to a new build with a container under constant ping: the data path is
    /// the kernel's, so no ping may depend on the plugin process. Afterwards the network, the
    /// endpoint, its address and its published port are all still csnet's. The lost pings go into
    /// the log ("UPGRADE LOST PINGS"), not into an assertion.
    /// </summary>
    [SkippableFact]
    public void AnUpgradeKeepsNetworksEndpointsAddressesAndPortsWhileContainersKeepAnswering()
    {
        SkipWithoutRegistry();
        using var t = TestScope.Begin(fixture, output, Plugin);
        using var registry = LocalRegistry.Start(fixture.Root);
        var reference = Push(t, registry, "next");

        var net = t.Net(74);
        var network = t.CreateNetwork("upgrade", "--subnet", $"{net}.0/24", "--gateway", $"{net}.1");
        var web = t.StartWebServer("web", network, "before", "-p", "18374:80");
        var ip = t.ContainerIp(web, network);
        t.MustFetch(null, "http://127.0.0.1:18374/", "before");

        // 0.1 s apart for at most 30 s: long enough to span disable, upgrade and enable.
        using var ping = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(TestScope.HostBusybox, ["ping", "-c", "300", "-i", "0.1", "-W", "1", ip])
        {
            RedirectStandardOutput = true,
        })!;
        var pingOutput = ping.StandardOutput.ReadToEndAsync();
        try
        {
            t.Must("plugin", "disable", "-f", Plugin);
            t.Must("plugin", "upgrade", "--grant-all-permissions", "--skip-remote-check", Plugin, reference);
            // dockerd 20.10 starts an upgraded plugin with config.json's mount sources again
            // (inspect still shows the old Settings); setting the source again puts it back.
            t.Must("plugin", "set", Plugin, $"state.source={fixture.StateDir}");
            t.Check(fixture.Enable(Plugin) is { Succeeded: true }, "docker plugin enable failed");
        }
        finally
        {
            if (!ping.WaitForExit(TimeSpan.FromSeconds(45)))
            {
                ping.Kill();
            }
        }
        var summary = PingSummary().Match(pingOutput.Result);
        t.Check(summary.Success, $"no ping summary:\n{pingOutput.Result}");
        var (sent, received) = (int.Parse(summary.Groups[1].Value), int.Parse(summary.Groups[2].Value));
        t.Log($"UPGRADE LOST PINGS {sent - received} of {sent} (0.1 s apart, during disable -f, upgrade, set, enable)");
        fixture.Log($"UPGRADE LOST PINGS {sent - received} of {sent}");

        t.Check(t.Docker("plugin", "inspect", "-f", "{{.PluginReference}}", Plugin).Stdout.Trim() == reference, "the plugin does not run the new build");
        t.MustFetch(null, "http://127.0.0.1:18374/", "before");
        var after = t.StartContainer("after", network);
        var afterIp = t.ContainerIp(after, network);
        t.Check(afterIp != ip && afterIp.StartsWith(net + ".", StringComparison.Ordinal), $"the upgraded plugin handed out {afterIp} (web has {ip})");
        t.MustPing(after, ip);
        t.RemoveContainer(web);
        t.RemoveContainer(after);
        t.RemoveNetwork(network);
        t.Passed();
    }

    /// <summary>dockerd stops and starts: it enables the plugin before it restores containers, so a --restart=always container comes back connected.</summary>
    [SkippableFact]
    public void ADaemonRestartBringsThePluginAndRestartAlwaysContainersBack()
    {
        using var t = TestScope.Begin(fixture, output, Plugin);
        var net = t.Net(75);
        var network = t.CreateNetwork("restart", "--subnet", $"{net}.0/24", "--gateway", $"{net}.1");
        var always = t.StartContainer("always", network, "--restart=always");

        fixture.RestartDaemon();

        t.Check(t.Docker("plugin", "inspect", "-f", "{{.Enabled}}", Plugin).Stdout.Trim() == "true", "csnet:latest is not enabled after the daemon restart");
        var running = false;
        for (var i = 0; i < 40 && !running; i++)
        {
            running = t.Docker("inspect", "-f", "{{.State.Running}}", always).Stdout.Trim() == "true";
            if (!running)
            {
                Thread.Sleep(500);
            }
        }
        t.Check(running, "the --restart=always container did not come back within 20 s of the daemon restart");
        t.MustPing(always, $"{net}.1");
        t.MustPing(t.StartContainer("fresh", network), always);
        t.Passed();
    }

    private static void SkipWithoutRegistry()
    {
        var unavailable = LocalRegistry.Unavailable();
        Skip.If(unavailable is not null, unavailable);
    }

    /// <summary>make plugin-push of the plugin folder as csnet:<paramref name="tag"/>; logs the pushed size ("PUSHED IMAGE").</summary>
    private string Push(TestScope t, LocalRegistry registry, string tag)
    {
        var reference = $"{registry.Address}/csnet:{tag}";
        var push = fixture.Push(fixture.PluginDir, reference);
        t.Check(push.Succeeded, $"make plugin-push failed\n{push}");
        t.Log($"PUSHED IMAGE {reference}: {registry.PushedBytes("csnet", tag)} bytes (compressed layer + config)");
        return reference;
    }

    [GeneratedRegex(@"(\d+) packets transmitted, (\d+) packets received")]
    private static partial Regex PingSummary();
}
