using System.Net.Sockets;
using Csnet.Kernel.Tests.Nftables;
using Csnet.Plugin.Kernel.LegacyXtables;
using Xunit;

namespace Csnet.Kernel.Tests.LegacyXtables;

/// <summary>
/// The legacy filter table as iptables-legacy writes it, read back through getsockopt in a
/// throwaway network namespace: what a host whose dockerd uses iptables-legacy looks like.
/// </summary>
public class LegacyXtablesReaderTests
{
    private static readonly string[] Tools = ["/usr/sbin/iptables-legacy", "/usr/sbin/ip6tables-legacy"];

    [SkippableFact]
    public void ANamespaceWithoutALegacyFilterTableHasNoChain() => InNetns(() =>
    {
        var reader = new LegacyXtablesReader();

        Assert.Null(reader.Forward(AddressFamily.InterNetwork));
        Assert.Null(reader.Forward(AddressFamily.InterNetworkV6));
        // Asking must not have created the table (which would load iptable_filter's defaults).
        Assert.DoesNotContain("filter", File.ReadAllText("/proc/thread-self/net/ip_tables_names"));
    });

    [SkippableTheory]
    [InlineData(AddressFamily.InterNetwork)]
    [InlineData(AddressFamily.InterNetworkV6)]
    public void ADropPolicyAndTheInterfaceAcceptsAreRead(AddressFamily family) => InNetns(() =>
    {
        var tool = family == AddressFamily.InterNetwork ? Tools[0] : Tools[1];
        var any = family == AddressFamily.InterNetwork ? "10.0.0.0/8" : "fd00::/8";
        IsolatedNetns.RunInThisNetns($"""
            set -e
            {tool} -P FORWARD DROP
            {tool} -A FORWARD -i csbr+ -j ACCEPT
            {tool} -A FORWARD -o csbr-exact -j ACCEPT
            {tool} -A FORWARD -o csbr-tcp -p tcp -j ACCEPT
            {tool} -A FORWARD -o csbr-addr -d {any} -j ACCEPT
            {tool} -A FORWARD -i other -j DROP
            {tool} -A FORWARD -o csbr-neg ! -i eth9 -j ACCEPT
            """);

        var chain = new LegacyXtablesReader().Forward(family);

        Assert.NotNull(chain);
        Assert.True(chain.PolicyDrops);
        Assert.Equal([new LegacyAccept("csbr+", null), new LegacyAccept(null, "csbr-exact")], chain.Accepts);
        Assert.True(chain.Passes("csbr-exact"));
        Assert.False(chain.Passes("csbr-tcp"));
        Assert.False(chain.Passes("csbr-addr"));
    });

    [SkippableFact]
    public void AnAcceptPolicyPassesEverything() => InNetns(() =>
    {
        IsolatedNetns.RunInThisNetns($"{Tools[0]} -P FORWARD ACCEPT");

        var chain = new LegacyXtablesReader().Forward(AddressFamily.InterNetwork);

        Assert.NotNull(chain);
        Assert.False(chain.PolicyDrops);
        Assert.True(chain.Passes("csbr-0123456789"));
    });

    private static void InNetns(Action test)
    {
        Skip.IfNot(Tools.All(File.Exists), "iptables-legacy/ip6tables-legacy are not installed (Debian's iptables package has them)");
        IsolatedNetns.Run(test);
    }
}
