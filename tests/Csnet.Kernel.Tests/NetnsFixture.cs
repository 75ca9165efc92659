using Xunit;
using Csnet.Plugin.Kernel.Netns;
using Csnet.Plugin.Kernel.Rtnl;

namespace Csnet.Kernel.Tests;

/// <summary>
/// A fresh anonymous network namespace and an <see cref="RtnlClient"/> inside it. Create one per
/// test (xUnit builds a new test class instance per test); disposing it closes the only handle, and
/// the kernel removes the namespace with every link the test made. Nothing touches the host namespace.
/// </summary>
public sealed class NetnsFixture : IDisposable
{
    private NetnsFixture(NetworkNamespace ns, RtnlClient rtnl)
    {
        Namespace = ns;
        Rtnl = rtnl;
    }

    public NetworkNamespace Namespace { get; }

    public RtnlClient Rtnl { get; }

    /// <summary>Skips the calling test (with the reason) unless it can create network namespaces.</summary>
    public static NetnsFixture Create()
    {
        Skip.IfNot(IsRoot(), "Kernel tests need root (CAP_SYS_ADMIN and CAP_NET_ADMIN) to create a network namespace.");
        NetworkNamespace ns;
        try
        {
            ns = NetworkNamespace.CreateAnonymous();
        }
        catch (Csnet.Plugin.Kernel.SystemCallException e)
        {
            throw new SkipException($"Cannot create a network namespace here: {e.Message}");
        }

        try
        {
            return new NetnsFixture(ns, RtnlClient.Open(ns));
        }
        catch
        {
            ns.Dispose();
            throw;
        }
    }

    /// <summary>Adds a link, skipping the test when the kernel lacks the kind or a setting (EOPNOTSUPP, or ENOENT for a missing module).</summary>
    public void AddLinkOrSkip(Link link)
    {
        try
        {
            Rtnl.AddLink(link);
        }
        catch (Csnet.Plugin.Kernel.Netlink.NetlinkException e) when (e.Errno is 95 or 2)
        {
            throw new SkipException($"Kernel does not support a {link.Kind} link with these settings: {e.Message}");
        }
    }

    /// <summary>
    /// Runs a shell command inside the namespace (for what csnet has no netlink call for, such as
    /// `ip route add`), skipping the test when ip(8) is missing; a non-zero exit fails it.
    /// </summary>
    public string Shell(string command)
    {
        Skip.IfNot(File.Exists("/usr/sbin/ip") || File.Exists("/sbin/ip") || File.Exists("/usr/bin/ip"), "ip(8) is not installed");
        return Namespace.Run(() => Nftables.IsolatedNetns.RunInThisNetns(command));
    }

    public void Dispose()
    {
        Rtnl.Dispose();
        Namespace.Dispose();
    }

    private static bool IsRoot() => File.ReadAllLines("/proc/self/status")
        .FirstOrDefault(line => line.StartsWith("Uid:", StringComparison.Ordinal))?
        .Split('\t', StringSplitOptions.RemoveEmptyEntries)
        .ElementAtOrDefault(2) == "0";
}
