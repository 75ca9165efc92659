using System.Diagnostics;

namespace Csnet.E2E.Tests.Harness;

/// <summary>Waiting for csnet to converge after a fault: bounded, measured, and failing with what was still wrong.</summary>
public sealed partial class TestScope
{
    /// <summary>
    /// Polls <paramref name="wrong"/> (what is still not as it should be, or null when all is) every
    /// 200 ms for at most <paramref name="bound"/>; returns how long it took, or fails naming what was left.
    /// </summary>
    public TimeSpan Converges(string what, TimeSpan bound, Func<string?> wrong)
    {
        var watch = Stopwatch.StartNew();
        string? left;
        while ((left = wrong()) is not null && watch.Elapsed < bound)
        {
            Thread.Sleep(200);
        }
        if (left is not null)
        {
            Fail($"{what}: not converged within {bound.TotalSeconds:F0} s: {left}");
        }
        Log($"converged ({what}) after {watch.Elapsed.TotalSeconds:F1} s");
        _fixture.Note($"converged: {what}: {watch.Elapsed.TotalSeconds:F1} s");
        return watch.Elapsed;
    }

    /// <summary>Everything csnet still has on the host for this network: tagged links and rules naming it.</summary>
    public static (IReadOnlyList<string> Links, IReadOnlyList<string> Rules) KernelObjectsOf(string networkId) =>
        (HostLinks.TaggedFor(networkId), HostFirewall.RulesNaming([networkId]));

    /// <summary>The endpoint id Docker gave <paramref name="container"/> on <paramref name="network"/>.</summary>
    public string EndpointId(string container, string network) =>
        Must("inspect", "--format", $"{{{{(index .NetworkSettings.Networks \"{network}\").EndpointID}}}}", container).Stdout.Trim();

    /// <summary>Sets a host sysctl (a /proc/sys path) for this scenario only; Dispose puts the old value back.</summary>
    public void SetHostSysctl(string path, string value)
    {
        var old = File.ReadAllText(path).Trim();
        _sysctls.Add((path, old));
        File.WriteAllText(path, value);
        Log($"{path}: {old} -> {value} for this scenario");
    }
}
