using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Csnet.Plugin.Kernel.Nftables;
using Tmds.Linux;
using Xunit;

namespace Csnet.Kernel.Tests.Nftables;

/// <summary>
/// Runs test code on a dedicated thread that first moves into a fresh, anonymous network namespace
/// (unshare(CLONE_NEWNET) changes only the calling thread). The namespace, with every table
/// created in it, disappears when the thread ends; the host's ruleset is never touched.
/// </summary>
internal static class IsolatedNetns
{
    /// <summary>
    /// Runs <paramref name="action"/> in a fresh netns, or skips the test (with the reason) when not
    /// root, libnftables is missing or the kernel has no nf_tables.
    /// </summary>
    public static void Run(Action action)
    {
        Skip.IfNot(LibC.geteuid() == 0, "needs root to unshare a network namespace and load nftables rules");
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                if (LibC.unshare(LibC.CLONE_NEWNET) != 0)
                {
                    Skip.If(true, $"unshare(CLONE_NEWNET) failed with errno {LibC.errno}");
                }
                ProbeNftables();
                action();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        })
        {
            Name = "netns test",
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
    }

    /// <summary>
    /// Runs a program from the calling thread. .NET forks on the calling thread, so the child starts
    /// in that thread's network namespace; the child prints its namespace first so callers can
    /// check that (<see cref="RunInThisNetns"/>).
    /// </summary>
    public static string RunInThisNetns(string shellCommand)
    {
        var ownNetns = new FileInfo("/proc/thread-self/ns/net").LinkTarget;
        var start = new ProcessStartInfo("/bin/sh", ["-c", $"readlink /proc/self/ns/net; {shellCommand}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var lines = stdout.Split('\n', 2);
        Assert.True(lines[0] == ownNetns, $"child ran in {lines[0]}, not in the test's netns {ownNetns}; refusing to trust its output");
        Assert.True(process.ExitCode == 0, $"'{shellCommand}' exited with {process.ExitCode}: {stderr.Result}");
        return lines.Length > 1 ? lines[1] : "";
    }

    private static void ProbeNftables()
    {
        NftContext nft;
        try
        {
            nft = NftContext.Open();
        }
        catch (NftablesException e)
        {
            Skip.If(true, $"libnftables unavailable: {e.Message}");
            return;
        }
        using (nft)
        {
            try
            {
                // The nat chain also proves nft_nat/nft_masq, which csnet's table needs.
                nft.Run(
                    "add table inet csnet_probe\n"
                    + "add chain inet csnet_probe nat { type nat hook postrouting priority srcnat; }\n"
                    + "delete table inet csnet_probe",
                    "probe nf_tables");
            }
            catch (NftablesException e)
            {
                Skip.If(true, $"kernel has no usable nf_tables with inet nat: {e.Message}");
            }
        }
    }
}
