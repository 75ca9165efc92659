using Csnet.Tests.Shared;
using System.Net;
using Csnet.Plugin.Kernel.Nftables;
using Xunit;

namespace Csnet.Kernel.Tests.Nftables;

/// <summary>
/// Real connections to published ports on a dockerd-like host: the test's netns plays the host
/// (csnet bridge A with containers a1, a2; a Docker-style bridge "docker0" with d1 that csnet does
/// not own; x1 outside on 192.168.99.0/24; filter FORWARD policy DROP that accepts docker0 like
/// dockerd does; br_netfilter), named namespaces play containers. Each container runs a tiny
/// server on port 80 that answers with its name, so a reply says who was reached. Servers are
/// bounded by timeout(1) and killed by pid; namespaces are deleted in finally.
/// </summary>
public class NftablesPortTrafficTests
{
    private const string HostAddress = "192.168.99.1";
    private const string Timeout = TrafficHost.Timeout;
    private const string Refused = TrafficHost.Refused;

    private static readonly NetworkRules A = SampleRules.Network(
        "aaaaaaaaaaaa0000000000000000000000000000000000000000000000000001", "br-csnt-a", "10.1.0.0/24");

    // a2's port 80 published on every host address as 8080.
    private static readonly PortMapping Web = A.Map("a2a2a2a2a2a2ffff", PortMapping.Tcp, 8080, "10.1.0.3", 80);

    [SkippableFact]
    public void PublishedPortIsReachableFromOutsideTheHostLoopbackAndSiblings() => OnDockerLikeHost(h =>
    {
        SampleRules.ApplyOnce([A.WithPorts(Web)]);

        Assert.Equal("a2", h.Fetch("x1", HostAddress, 8080));   // outside host -> host address
        Assert.Equal("a2", h.Fetch(null, HostAddress, 8080));   // the host to its own address
        Assert.Equal("a2", h.Fetch(null, "127.0.0.1", 8080));   // the host through loopback (route_localnet)
        Assert.Equal("a2", h.Fetch("a1", HostAddress, 8080));   // hairpin: sibling through the host address
        Assert.Equal("a2", h.Fetch("a1", "10.1.0.1", 8080));    // hairpin: sibling through the gateway
        Assert.Equal("a2", h.Fetch("d1", HostAddress, 8080));   // another (Docker) network
        Assert.Equal(Timeout, h.Fetch("x1", "10.1.0.3", 80));   // no direct access from outside
        Assert.Equal(Refused, h.Fetch("x1", HostAddress, 8081)); // unpublished port: the host itself answers
    });

    [SkippableFact]
    public void ContainerReachesItsOwnPublishedPortWithHairpinMode() => OnDockerLikeHost(h =>
    {
        SampleRules.ApplyOnce([A.WithPorts(Web)]);
        h.Shell("bridge link set dev v-a2 hairpin on");

        Assert.Equal("a2", h.Fetch("a2", HostAddress, 8080));
    });

    [SkippableFact]
    public void LoopbackBoundPortIsReachableFromTheHostOnly() => OnDockerLikeHost(h =>
    {
        SampleRules.ApplyOnce([A.WithPorts(Web with { HostIp = IPAddress.Loopback })]);

        Assert.Equal("a2", h.Fetch(null, "127.0.0.1", 8080));
        Assert.Equal(Refused, h.Fetch(null, HostAddress, 8080));
        Assert.Equal(Refused, h.Fetch("x1", HostAddress, 8080));
        Assert.Equal(Refused, h.Fetch("a1", "10.1.0.1", 8080));
    });

    [SkippableFact]
    public void PortBoundToOneHostAddressIsNotPublishedOnOthers() => OnDockerLikeHost(h =>
    {
        SampleRules.ApplyOnce([A.WithPorts(Web with { HostIp = IPAddress.Parse(HostAddress) })]);

        Assert.Equal("a2", h.Fetch("x1", HostAddress, 8080));
        Assert.Equal("a2", h.Fetch(null, HostAddress, 8080));
        Assert.Equal(Refused, h.Fetch("a1", "10.1.0.1", 8080));
    });

    [SkippableFact]
    public void UdpPortBoundToOneHostAddressReachesTheContainer() => OnDockerLikeHost(h =>
    {
        var dns = new PortMapping
        {
            Protocol = PortMapping.Udp,
            HostIp = IPAddress.Parse(HostAddress),
            HostPort = 53,
            ContainerIp = IPAddress.Parse("10.1.0.3"),
            ContainerPort = 5353,
            Tag = Web.Tag,
        };
        SampleRules.ApplyOnce([A.WithPorts(dns)]);
        // busybox nc has no UDP: a counter in a2's own netns sees what arrives.
        h.Shell($"ip netns exec {h.Prefix}-a2 nft 'add table ip seen; add chain ip seen in {{ type filter hook input priority 0; }}; add rule ip seen in udp dport 5353 counter'");

        h.Shell("ip netns exec " + h.Prefix + "-x1 bash -c 'echo published > /dev/udp/" + HostAddress + "/53'");
        h.Shell("ip netns exec " + h.Prefix + "-a1 bash -c 'echo other-address > /dev/udp/10.1.0.1/53'");

        Assert.Equal(1, UdpSeenByA2(h));
    });

    [SkippableFact]
    public void IccOffBlocksSiblingsButNotTheirPublishedPorts() => OnDockerLikeHost(h =>
    {
        SampleRules.ApplyOnce([A.WithPorts(Web) with { DropBetweenPorts = true }]);

        Assert.Equal(Timeout, h.Fetch("a1", "10.1.0.3", 80));
        Assert.Equal("a2", h.Fetch("a1", HostAddress, 8080));
        Assert.Equal("a2", h.Fetch("x1", HostAddress, 8080));
    });

    [SkippableFact]
    public void CsnetContainersCannotReachOtherBridgesDirectly() => OnDockerLikeHost(h =>
    {
        Assert.Equal("d1", h.Fetch("x1", "172.17.0.2", 80)); // docker0 is open to routed traffic here

        SampleRules.ApplyOnce([A.WithPorts(Web)]);

        Assert.Equal(Timeout, h.Fetch("a1", "172.17.0.2", 80));
        Assert.Equal(Timeout, h.Fetch("d1", "10.1.0.3", 80));
        Assert.Equal("d1", h.Fetch("x1", "172.17.0.2", 80));
        Assert.Equal("a2", h.Fetch("d1", HostAddress, 8080));
        Assert.Matches(
            @"iifname ""br-csnt-a"" oifname != ""br-csnt-a"" meta oifkind ""bridge"" ct status ! dnat counter packets [1-9]",
            h.Shell("nft list chain inet csnet forward"));
    });

    [SkippableFact]
    public void SnatAddressReplacesMasquerade() => OnDockerLikeHost(h =>
    {
        SampleRules.ApplyOnce([A.WithV4(f => f with { SnatAddress = IPAddress.Parse(HostAddress) })]);

        Assert.Equal("x1", h.Fetch("a1", "192.168.99.2", 80));
        Assert.Matches(@"counter packets [1-9]\d* bytes \d+ snat ip to 192\.168\.99\.1", h.Shell("nft list chain inet csnet postrouting"));
    });

    /// <summary>Packets counted by the "seen" table in a2, read until stable (bounded).</summary>
    private static int UdpSeenByA2(TrafficHost h)
    {
        int last = -1;
        for (int i = 0; i < 10; i++)
        {
            var listing = h.Shell($"ip netns exec {h.Prefix}-a2 nft list chain ip seen in");
            var match = System.Text.RegularExpressions.Regex.Match(listing, @"counter packets (\d+)");
            Assert.True(match.Success, listing);
            int now = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (now == last)
            {
                return now;
            }
            last = now;
            Thread.Sleep(100);
        }
        return last;
    }

    private static void OnDockerLikeHost(Action<TrafficHost> test) => TrafficHost.Run(
        "csnp",
        ["a1", "a2", "d1", "x1"],
        Topology,
        "add table ip filter\n"
        + "add chain ip filter FORWARD { type filter hook forward priority filter; policy drop; }\n"
        + "add rule ip filter FORWARD iifname \"docker0\" counter accept\n"
        + "add rule ip filter FORWARD oifname \"docker0\" counter accept\n",
        host => host.Fetch("a1", "10.1.0.3", 80) != Timeout
            ? "bridged traffic does not pass filter FORWARD here (br_netfilter missing or bridge-nf-call-iptables=0)"
            : null,
        test);

    // route_localnet on the csnet bridge is what the driver sets so that 127.0.0.1 DNAT works.
    private static string Topology(string p, string pidFile) => $$"""
        set -e
        sysctl -qw net.ipv4.ip_forward=1
        ip link set lo up
        ip link add br-csnt-a type bridge && ip addr add 10.1.0.1/24 dev br-csnt-a && ip link set br-csnt-a up
        ip link add docker0 type bridge && ip addr add 172.17.0.1/16 dev docker0 && ip link set docker0 up
        sysctl -qw net.ipv4.conf.br-csnt-a.route_localnet=1
        port() {
          ip netns add {{p}}-$1
          ip link add v-$1 type veth peer name eth0 netns {{p}}-$1
          ip -n {{p}}-$1 link set lo up && ip -n {{p}}-$1 addr add $3/$5 dev eth0 && ip -n {{p}}-$1 link set eth0 up
          ip -n {{p}}-$1 route add default via $4
          if [ "$2" = routed ]; then ip addr add $4/$5 dev v-$1; else ip link set v-$1 master $2; fi
          ip link set v-$1 up
          ip netns exec {{p}}-$1 timeout 60 busybox nc -ll -p 80 -e /bin/echo $1 >/dev/null 2>&1 &
          echo $! >> {{pidFile}}
        }
        port a1 br-csnt-a 10.1.0.2 10.1.0.1 24
        port a2 br-csnt-a 10.1.0.3 10.1.0.1 24
        port d1 docker0 172.17.0.2 172.17.0.1 16
        port x1 routed 192.168.99.2 192.168.99.1 24
        for n in a1 a2 d1 x1; do
          for i in $(seq 50); do
            ip netns exec {{p}}-$n timeout 1 bash -c 'exec 3<>/dev/tcp/127.0.0.1/80' 2>/dev/null && break
            sleep 0.1
          done
        done
        """;
}
