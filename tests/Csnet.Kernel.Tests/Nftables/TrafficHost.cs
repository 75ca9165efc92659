using System.Globalization;
using Xunit;

namespace Csnet.Kernel.Tests.Nftables;

/// <summary>
/// A dockerd-like host for traffic tests: the test's own netns (see <see cref="IsolatedNetns"/>)
/// plays the host, named namespaces "PREFIX-NAME" made by a topology script play containers and
/// outside machines, each with a tiny server on port 80 that answers its name. Servers (pids in a
/// file) and namespaces are removed in finally.
/// </summary>
internal sealed class TrafficHost(string prefix)
{
    public const string Timeout = "timeout";
    public const string Refused = "refused";

    /// <summary>No neighbour answered (IPv6 neighbour discovery dropped, as br_netfilter does in ip6 FORWARD).</summary>
    public const string Unreachable = "unreachable";

    public string Prefix => prefix;

    public string Shell(string command) => IsolatedNetns.RunInThisNetns(command);

    public bool Ping(string from, string to) =>
        Shell($"ip netns exec {prefix}-{from} busybox ping -c 1 -W 2 {to} >/dev/null 2>&1; echo rc=$?").Contains("rc=0", StringComparison.Ordinal);

    /// <summary>
    /// Connects from <paramref name="from"/> (null: the host) and returns what the server said: its
    /// name, <see cref="Refused"/> (a RST came back), <see cref="Timeout"/> or <see cref="Unreachable"/>.
    /// </summary>
    public string Fetch(string? from, string to, int port)
    {
        var run = from is null ? "" : $"ip netns exec {prefix}-{from} ";
        var output = Shell($"{run}timeout 3 bash -c 'exec 3<>/dev/tcp/{to}/{port} && timeout 2 cat <&3' 2>&1; echo rc=$?");
        if (output.Contains("Connection refused", StringComparison.Ordinal) || output.Contains("Network is unreachable", StringComparison.Ordinal))
            return Refused;
        if (output.Contains("rc=124", StringComparison.Ordinal))
            return Timeout;
        if (output.Contains("No route to host", StringComparison.Ordinal))
            return Unreachable;
        Assert.True(output.Contains("rc=0", StringComparison.Ordinal), $"unexpected result from {from ?? "host"} to {to}:{port}: {output}");
        return output[..output.IndexOf("rc=", StringComparison.Ordinal)].Trim();
    }

    /// <param name="stem">Start of the namespace prefix (unique per test class).</param>
    /// <param name="names">The namespaces the topology makes, for clean-up.</param>
    /// <param name="topology">The host's set-up script, given the prefix and the pid file for its servers.</param>
    /// <param name="forward">An nft script for the host's filter chains (dockerd's FORWARD policy DROP).</param>
    /// <param name="skipReason">After set-up: why this host cannot run the test (null: it can).</param>
    public static void Run(
        string stem,
        IReadOnlyList<string> names,
        Func<string, string, string> topology,
        string forward,
        Func<TrafficHost, string?> skipReason,
        Action<TrafficHost> test)
    {
        Skip.IfNot(File.Exists("/usr/sbin/ip") || File.Exists("/sbin/ip") || File.Exists("/usr/bin/ip"), "ip(8) is not installed");
        Skip.IfNot(File.Exists("/bin/busybox") || File.Exists("/usr/bin/busybox"), "busybox (for nc and ping) is not installed");
        var prefix = $"{stem}{Environment.ProcessId}x{Random.Shared.Next(10000)}";
        var pidFile = Path.Combine(Path.GetTempPath(), $"{prefix}.pids");
        try
        {
            IsolatedNetns.Run(() =>
            {
                var host = new TrafficHost(prefix);
                host.Shell(topology(prefix, pidFile));
                using (var nft = Csnet.Plugin.Kernel.Nftables.NftContext.Open())
                {
                    nft.Run(forward, "docker-like FORWARD");
                }
                var reason = skipReason(host);
                Skip.If(reason is not null, reason);
                test(host);
            });
        }
        finally
        {
            if (File.Exists(pidFile))
            {
                foreach (var line in File.ReadAllLines(pidFile))
                {
                    if (int.TryParse(line, out var pid))
                    {
                        // TERM, not KILL: timeout(1) passes TERM on to its server.
                        using var kill = System.Diagnostics.Process.Start("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)]);
                        kill.WaitForExit(10_000);
                    }
                }
                File.Delete(pidFile);
            }
            foreach (var name in names)
            {
                if (File.Exists($"/run/netns/{prefix}-{name}"))
                {
                    using var process = System.Diagnostics.Process.Start("ip", ["netns", "del", $"{prefix}-{name}"]);
                    process.WaitForExit(10_000);
                }
            }
        }
    }
}
