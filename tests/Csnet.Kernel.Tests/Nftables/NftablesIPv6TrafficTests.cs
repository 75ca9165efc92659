using Csnet.Tests.Shared;
using System.Net;
using Csnet.Common.Addressing;
using Csnet.Plugin.Kernel.Nftables;
using Xunit;

namespace Csnet.Kernel.Tests.Nftables;

/// <summary>
/// Real IPv6 traffic through csnet's rules on a dockerd-like host (filter FORWARD policy DROP in
/// both families, br_netfilter): the test's netns plays the host with dual-stack bridges A
/// (a1, a2) and B (b1), named namespaces play containers, and x1 is the outside on fd5c:99::/64
/// with no route back to any container subnet. Each namespace runs a tiny server on port 80 that
/// answers with its name. Addresses are added without duplicate address detection, as Docker and
/// csnet add theirs.
/// </summary>
public class NftablesIPv6TrafficTests
{
    private const string HostAddress6 = "fd5c:99::1";
    private const string Timeout = TrafficHost.Timeout;
    private const string Refused = TrafficHost.Refused;

    // Neighbour discovery between two bridge ports is IPv6 too: br_netfilter sends it through
    // ip6 filter FORWARD, so a drop there shows as "No route to host" rather than a timeout.
    private const string Unreachable = TrafficHost.Unreachable;

    private static readonly NetworkRules A = SampleRules.Network(
        "aaaaaaaaaaaa0000000000000000000000000000000000000000000000000001", "br-csn6-a", "10.1.0.0/24", "fd5c:1::/64");

    private static readonly NetworkRules B = SampleRules.Network(
        "bbbbbbbbbbbb0000000000000000000000000000000000000000000000000002", "br-csn6-b", "10.2.0.0/24", "fd5c:2::/64");

    // a2's port 80 published on every IPv6 host address as 8080.
    private static readonly PortMapping Web6 = A.Map("a2a2a2a2a2a2ffff", PortMapping.Tcp, 8080, "fd5c:1::3", 80);

    [SkippableFact]
    public void ContainersTalkIPv6OnTheirBridgeButNotAcrossOrInbound() => OnDockerLikeHost(h =>
    {
        SampleRules.ApplyOnce([A, B]);

        Assert.Equal("a2", h.Fetch("a1", "fd5c:1::3", 80));      // same bridge
        Assert.True(h.Ping("a1", "fd5c:1::3"));                  // ping6 too
        Assert.True(h.Ping("a1", "fd5c:1::1"));                  // and the gateway
        Assert.Equal(Timeout, h.Fetch("a1", "fd5c:2::2", 80));   // isolation
        Assert.Equal(Timeout, h.Fetch("b1", "fd5c:1::2", 80));   // isolation, other way
        h.Shell($"ip -n {h.Prefix}-x1 -6 route add fd5c:1::/64 via {HostAddress6}");
        Assert.Equal(Timeout, h.Fetch("x1", "fd5c:1::2", 80));   // new inbound: routed to the host, dropped there
    });

    [SkippableFact]
    public void IccOffSeparatesIPv6Containers() => OnDockerLikeHost(h =>
    {
        SampleRules.ApplyOnce([A with { DropBetweenPorts = true }]);

        Assert.Contains(h.Fetch("a1", "fd5c:1::3", 80), new[] { Timeout, Unreachable });
        Assert.False(h.Ping("a1", "fd5c:1::3"));
        Assert.True(h.Ping("a1", "fd5c:1::1"));
    });

    [SkippableFact]
    public void Nat66MasqueradesOutboundAndWithoutItRepliesCannotComeBack() => OnDockerLikeHost(h =>
    {
        SampleRules.ApplyOnce([A]);
        Assert.Equal("x1", h.Fetch("a1", "fd5c:99::2", 80));
        Assert.Matches(@"ip6 saddr fd5c:1::/64 oifname != ""br-csn6-a"" counter packets [1-9]", h.Shell("nft list chain inet csnet postrouting"));

        SampleRules.ApplyOnce([A with { IPv6 = A.IPv6! with { Masquerade = false } }]);
        h.Shell("conntrack -F >/dev/null 2>&1 || true");
        Assert.Equal(Timeout, h.Fetch("a1", "fd5c:99::2", 80));
    });

    [SkippableFact]
    public void PublishedPortAnswersOverIPv6FromOutsideTheHostAndSiblings() => OnDockerLikeHost(h =>
    {
        SampleRules.ApplyOnce([A.WithPorts(Web6)]);

        Assert.Equal("a2", h.Fetch("x1", HostAddress6, 8080));   // outside -> host address
        Assert.Equal("a2", h.Fetch(null, HostAddress6, 8080));   // the host to its own address
        Assert.Equal("a2", h.Fetch("a1", "fd5c:1::1", 8080));    // hairpin through the gateway
        Assert.Equal(Refused, h.Fetch("x1", "10.99.0.1", 8080)); // the IPv6 binding is not an IPv4 one
        h.Shell($"ip -n {h.Prefix}-x1 -6 route add fd5c:1::/64 via {HostAddress6}");
        Assert.Equal(Timeout, h.Fetch("x1", "fd5c:1::3", 80));   // no direct access from outside
    });

    [SkippableFact]
    public void RoutedIPv6OpensPublishedContainerPortsAndIcmpOnly() => OnDockerLikeHost(h =>
    {
        var routed = A with
        {
            IPv6 = A.IPv6! with
            {
                Masquerade = false,
                OpenPorts = [new OpenPort { Protocol = PortMapping.Tcp, ContainerIp = IPAddress.Parse("fd5c:1::3"), ContainerPort = 80, Tag = Web6.Tag }],
                AcceptInboundIcmp = true,
            },
        };
        SampleRules.ApplyOnce([routed]);
        // In routed mode the outside routes the subnet to the host, and sees the containers' own addresses.
        h.Shell($"ip -n {h.Prefix}-x1 -6 route add fd5c:1::/64 via {HostAddress6}");

        Assert.Equal("a2", h.Fetch("x1", "fd5c:1::3", 80));
        Assert.True(h.Ping("x1", "fd5c:1::2"));
        Assert.Equal(Timeout, h.Fetch("x1", "fd5c:1::2", 80));   // not published
        Assert.Equal("x1", h.Fetch("a1", "fd5c:99::2", 80));     // out without NAT: x1 routes back
    });

    private static void OnDockerLikeHost(Action<TrafficHost> test) => TrafficHost.Run(
        "csn6",
        ["a1", "a2", "b1", "x1"],
        Topology,
        "add table ip filter\n"
        + "add chain ip filter FORWARD { type filter hook forward priority filter; policy drop; }\n"
        + "add table ip6 filter\n"
        + "add chain ip6 filter FORWARD { type filter hook forward priority filter; policy drop; }\n",
        host =>
        {
            if (host.Fetch("a1", "fd5c:1::3", 80) is not (Timeout or Unreachable))
                return "bridged IPv6 does not pass ip6 filter FORWARD here (br_netfilter missing or bridge-nf-call-ip6tables=0)";
            // The probe's failed neighbour discovery stays cached for a while; start clean.
            host.Shell($"for n in a1 a2 b1 x1; do ip -n {host.Prefix}-$n neigh flush all; done; ip neigh flush all");
            return null;
        },
        test);

    // x1 sits on a routed link with an IPv4 address too (10.99.0.0/24), so a wrong-family DNAT would show.
    private static string Topology(string p, string pidFile) => $$"""
        set -e
        sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
        ip link set lo up
        bridge() {
          ip link add $1 type bridge && sysctl -qw net.ipv6.conf.$1.accept_ra=0
          ip addr add $2 dev $1 && ip addr add $3 dev $1 nodad && ip link set $1 up
        }
        bridge br-csn6-a 10.1.0.1/24 fd5c:1::1/64
        bridge br-csn6-b 10.2.0.1/24 fd5c:2::1/64
        port() {
          ip netns add {{p}}-$1
          ip link add v-$1 type veth peer name eth0 netns {{p}}-$1
          ip -n {{p}}-$1 link set lo up
          ip -n {{p}}-$1 addr add $3 dev eth0 && ip -n {{p}}-$1 addr add $4 dev eth0 nodad && ip -n {{p}}-$1 link set eth0 up
          ip -n {{p}}-$1 route add default via $5 && ip -n {{p}}-$1 -6 route add default via $6
          if [ "$2" = routed ]; then ip addr add $5/24 dev v-$1 && ip addr add $6/64 dev v-$1 nodad; else ip link set v-$1 master $2; fi
          ip link set v-$1 up
          ip netns exec {{p}}-$1 timeout 60 busybox nc -ll -p 80 -e /bin/echo $1 >/dev/null 2>&1 &
          echo $! >> {{pidFile}}
        }
        port a1 br-csn6-a 10.1.0.2/24 fd5c:1::2/64 10.1.0.1 fd5c:1::1
        port a2 br-csn6-a 10.1.0.3/24 fd5c:1::3/64 10.1.0.1 fd5c:1::1
        port b1 br-csn6-b 10.2.0.2/24 fd5c:2::2/64 10.2.0.1 fd5c:2::1
        port x1 routed 10.99.0.2/24 fd5c:99::2/64 10.99.0.1 fd5c:99::1
        ip -n {{p}}-x1 -6 route del default
        for n in a1 a2 b1 x1; do
          for i in $(seq 50); do
            ip netns exec {{p}}-$n timeout 1 bash -c 'exec 3<>/dev/tcp/::1/80' 2>/dev/null && break
            sleep 0.1
          done
        done
        """;
}
