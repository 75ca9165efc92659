using System.Net;
using System.Net.Sockets;
using Csnet.Kernel.Tests.Nftables;
using Csnet.Plugin.Kernel.Netns;
using Csnet.Plugin.Kernel.Proc;
using Csnet.Plugin.Kernel.Rtnl;
using Xunit;

namespace Csnet.Kernel.Tests.Proc;

/// <summary>
/// Turning IPv6 forwarding on must not cut a host's own IPv6. In a throwaway netns a peer sends a
/// real router advertisement, the "host" learns its default route from it, then forwarding goes on:
/// plainly (the route is purged: the problem is real on this kernel) and through csnet (accept_ra
/// becomes 2 first, and the route stays).
/// </summary>
public class IPv6ForwardingTests
{
    [SkippableFact]
    public void PlainForwardingPurgesTheRouterAdvertisedDefaultRoute() => WithAdvertisedRoute((_, uplink) =>
    {
        File.WriteAllText("/proc/sys/net/ipv6/conf/all/forwarding", "1");

        Assert.Equal("", DefaultRoute(uplink));
    });

    [SkippableFact]
    public void CsnetForwardingKeepsTheRouterAdvertisedDefaultRoute() => WithAdvertisedRoute((_, uplink) =>
    {
        var changes = new ProcSysctls().EnableIPv6Forwarding();

        Assert.Contains("proto ra", DefaultRoute(uplink));
        Assert.Equal("2", File.ReadAllText($"/proc/sys/net/ipv6/conf/{uplink}/accept_ra").Trim());
        Assert.Equal("1", File.ReadAllText("/proc/sys/net/ipv6/conf/all/forwarding").Trim());
        Assert.Contains(changes, c => c.StartsWith($"net.ipv6.conf.{uplink}.accept_ra 1 -> 2", StringComparison.Ordinal));
        Assert.Empty(new ProcSysctls().EnableIPv6Forwarding());
    });

    private static string DefaultRoute(string uplink) =>
        IsolatedNetns.RunInThisNetns($"ip -6 route show default dev {uplink}").Trim();

    // The test's netns is the host: uplink "ra0" with accept_ra=1, its peer in a named netns is
    // the router, sending one advertisement (router lifetime 1800 s) to all nodes.
    private static void WithAdvertisedRoute(Action<string, string> test)
    {
        Skip.IfNot(File.Exists("/usr/sbin/ip") || File.Exists("/sbin/ip") || File.Exists("/usr/bin/ip"), "ip(8) is not installed");
        var router = $"csra{Environment.ProcessId}x{Random.Shared.Next(10000)}";
        try
        {
            IsolatedNetns.Run(() =>
            {
                IsolatedNetns.RunInThisNetns($"""
                    set -e
                    ip netns add {router}
                    ip link add ra0 type veth peer name ra1 netns {router}
                    sysctl -qw net.ipv6.conf.all.forwarding=0 net.ipv6.conf.ra0.forwarding=0 net.ipv6.conf.ra0.accept_ra=1 net.ipv6.conf.ra0.accept_dad=0
                    ip netns exec {router} sysctl -qw net.ipv6.conf.ra1.accept_dad=0
                    ip link set ra0 up
                    ip -n {router} link set ra1 up
                    """);
                Advertise(router, "ra1");
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
                while (DefaultRoute("ra0").Length == 0 && DateTime.UtcNow < deadline)
                    Thread.Sleep(100);
                Skip.If(DefaultRoute("ra0").Length == 0, "the kernel did not accept the test's router advertisement");
                test(router, "ra0");
            });
        }
        finally
        {
            if (File.Exists($"/run/netns/{router}"))
            {
                using var process = System.Diagnostics.Process.Start("ip", ["netns", "del", router]);
                process.WaitForExit(10_000);
            }
        }
    }

    // ICMPv6 type 134 (RFC 4861 §4.2): hop limit 255 is required, the kernel fills in the checksum.
    private static void Advertise(string router, string link)
    {
        using var ns = NetworkNamespace.OpenPath($"/run/netns/{router}");
        using var rtnl = RtnlClient.Open(ns);
        var index = rtnl.TryGetLink(link)!.Index;
        ns.Run(() =>
        {
            using var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Raw, ProtocolType.IcmpV6);
            socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastTimeToLive, 255);
            socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastInterface, index);
            byte[] advertisement = [134, 0, 0, 0, 64, 0, 0x07, 0x08, 0, 0, 0, 0, 0, 0, 0, 0];
            var allNodes = new IPAddress(IPAddress.Parse("ff02::1").GetAddressBytes(), index);
            // The sender's link-local address (an advertisement's required source) appears once the
            // link has carrier; until then the send fails. A few tries, bounded.
            var sent = 0;
            for (var i = 0; i < 30 && sent < 3; i++)
            {
                try
                {
                    socket.SendTo(advertisement, new IPEndPoint(allNodes, 0));
                    sent++;
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressNotAvailable)
                {
                }
                Thread.Sleep(100);
            }
            return sent;
        });
    }
}
