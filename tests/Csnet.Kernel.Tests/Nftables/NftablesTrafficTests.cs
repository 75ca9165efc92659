using Csnet.Tests.Shared;
using System.Net;
using Csnet.Plugin.Kernel.Nftables;
using Xunit;

namespace Csnet.Kernel.Tests.Nftables;

/// <summary>
/// Real packets through csnet's rules on a dockerd-like host: the test's netns plays the host
/// (two bridges, filter FORWARD policy DROP, br_netfilter), named namespaces play containers and
/// an outside machine. Needs ip(8) and bash; the named namespaces are deleted in finally.
/// </summary>
public class NftablesTrafficTests
{
    private static readonly NetworkRules A = SampleRules.Network(
        "aaaaaaaaaaaa0000000000000000000000000000000000000000000000000001", "br-csnt-a", "10.1.0.0/24");

    private static readonly NetworkRules B = SampleRules.Network(
        "bbbbbbbbbbbb0000000000000000000000000000000000000000000000000002", "br-csnt-b", "10.2.0.0/24");

    private const string Reached = "reached";
    private const string Blocked = "blocked";

    [SkippableFact]
    public void ContainersTalkOnTheirBridgeAndOutButNotAcrossOrInbound() => OnDockerLikeHost(prefix =>
    {
        SampleRules.ApplyOnce([A, B]);

        Assert.Equal(Reached, Probe(prefix, "a1", "10.1.0.3"));     // same bridge
        Assert.Equal(Blocked, Probe(prefix, "a1", "10.2.0.2"));     // isolation
        Assert.Equal(Blocked, Probe(prefix, "b1", "10.1.0.2"));     // isolation, other way
        Assert.Equal(Reached, Probe(prefix, "a1", "192.168.99.2")); // out, replies come back
        Assert.Equal(Blocked, Probe(prefix, "x1", "10.1.0.2"));     // new inbound
        using var nft = NftContext.Open();
        Assert.Matches(
            @"ip saddr 10\.1\.0\.0/24 oifname != ""br-csnt-a"" counter packets [1-9]",
            nft.Run("list chain inet csnet postrouting", "list postrouting"));
    });

    [SkippableFact]
    public void IccOffSeparatesContainersAndInternalKeepsThemIn() => OnDockerLikeHost(prefix =>
    {
        SampleRules.ApplyOnce([A with { DropBetweenPorts = true }, B with { Sealed = true }]);

        Assert.Equal(Blocked, Probe(prefix, "a1", "10.1.0.3"));     // icc off
        Assert.Equal(Reached, Probe(prefix, "a1", "192.168.99.2")); // icc off still goes out
        Assert.Equal(Blocked, Probe(prefix, "b1", "192.168.99.2")); // internal
        Assert.Equal(Reached, Probe(prefix, "b1", "10.2.0.1"));     // internal still reaches its gateway
    });

    [SkippableFact]
    public void UplinkBridgeCarriesContainersOutWhileOtherBridgesStayIsolated() => OnDockerLikeHost(prefix =>
    {
        // The host's default route goes out through a bridge (br0 on a netplan host, vmbr0 on
        // Proxmox) to u1, which stands for the world beyond (203.0.113.1) and has no route back
        // to the containers: only masquerading makes its replies come back.
        IsolatedNetns.RunInThisNetns($"""
            set -e
            ip link add br-csnt-up type bridge && ip addr add 192.168.77.1/24 dev br-csnt-up && ip link set br-csnt-up up
            ip netns add {prefix}-u1
            ip link add v-u1 type veth peer name eth0 netns {prefix}-u1
            ip -n {prefix}-u1 link set lo up && ip -n {prefix}-u1 addr add 203.0.113.1/32 dev lo
            ip -n {prefix}-u1 addr add 192.168.77.2/24 dev eth0 && ip -n {prefix}-u1 link set eth0 up
            ip link set v-u1 master br-csnt-up && ip link set v-u1 up
            ip route add default via 192.168.77.2 dev br-csnt-up
            """);
        var uplinks = new DefaultRouteUplinks();

        SampleRules.ApplyOnce([A, B]);
        Assert.Equal(Blocked, Probe(prefix, "a1", "203.0.113.1")); // what isolation did to an uplink bridge

        Assert.Equal(["br-csnt-up"], uplinks.Names());
        SampleRules.ApplyOnce(SampleRules.Exempt(uplinks.Names(), A, B));
        Assert.Equal(Reached, Probe(prefix, "a1", "203.0.113.1"));  // out through the uplink, masqueraded
        Assert.Equal(Reached, Probe(prefix, "b1", "192.168.77.2"));
        Assert.Equal(Blocked, Probe(prefix, "a1", "10.2.0.2"));     // the other bridge stays isolated
        Assert.Equal(Blocked, Probe(prefix, "b1", "10.1.0.2"));
        Assert.Equal(Reached, Probe(prefix, "a1", "192.168.99.2")); // the routed outside still works
        Assert.Equal(Reached, Probe(prefix, "a1", "10.1.0.3"));
    });

    // What the bridge policy exempts: the devices of the default routes.
    private sealed class DefaultRouteUplinks
    {
        public IReadOnlyList<string> Names() => IsolatedNetns.RunInThisNetns("ip -o route show default")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipWhile(word => word != "dev").Skip(1).FirstOrDefault())
            .OfType<string>()
            .ToList();
    }

    // Runs the test in a netns set up like a dockerd host (see Topology), with filter FORWARD
    // policy DROP, after checking that this DROP really hits bridged traffic here.
    private static void OnDockerLikeHost(Action<string> test)
    {
        Skip.IfNot(File.Exists("/usr/sbin/ip") || File.Exists("/sbin/ip") || File.Exists("/usr/bin/ip"), "ip(8) is not installed");
        var prefix = $"csnt{Environment.ProcessId}x{Random.Shared.Next(10000)}";
        try
        {
            IsolatedNetns.Run(() =>
            {
                IsolatedNetns.RunInThisNetns(Topology(prefix));
                using (var nft = NftContext.Open())
                {
                    nft.Run(
                        "add table ip filter\n"
                        + "add chain ip filter FORWARD { type filter hook forward priority filter; policy drop; }",
                        "docker-like FORWARD");
                }
                Skip.If(
                    Probe(prefix, "a1", "10.1.0.3") == Reached,
                    "bridged traffic does not pass filter FORWARD here (br_netfilter missing or bridge-nf-call-iptables=0)");
                test(prefix);
            });
        }
        finally
        {
            foreach (var name in new[] { "a1", "a2", "b1", "x1", "u1" })
            {
                DeleteNamedNetns($"{prefix}-{name}");
            }
        }
    }

    // Containers a1, a2 on bridge A, b1 on bridge B, and x1 routed on 192.168.99.0/24 (the outside).
    private static string Topology(string p) => $$"""
        set -e
        sysctl -qw net.ipv4.ip_forward=1
        ip link set lo up
        ip link add br-csnt-a type bridge && ip addr add 10.1.0.1/24 dev br-csnt-a && ip link set br-csnt-a up
        ip link add br-csnt-b type bridge && ip addr add 10.2.0.1/24 dev br-csnt-b && ip link set br-csnt-b up
        port() {
          ip netns add {{p}}-$1
          ip link add v-$1 type veth peer name eth0 netns {{p}}-$1
          ip -n {{p}}-$1 link set lo up && ip -n {{p}}-$1 addr add $3/24 dev eth0 && ip -n {{p}}-$1 link set eth0 up
          ip -n {{p}}-$1 route add default via $4
          if [ "$2" = routed ]; then ip addr add $4/24 dev v-$1; else ip link set v-$1 master $2; fi
          ip link set v-$1 up
        }
        port a1 br-csnt-a 10.1.0.2 10.1.0.1
        port a2 br-csnt-a 10.1.0.3 10.1.0.1
        port b1 br-csnt-b 10.2.0.2 10.2.0.1
        port x1 routed 192.168.99.2 192.168.99.1
        """;

    // A TCP SYN to a closed port: "refused" means the SYN arrived and the RST came back.
    private static string Probe(string prefix, string from, string to)
    {
        var output = IsolatedNetns.RunInThisNetns(
            $"ip netns exec {prefix}-{from} timeout 2 bash -c 'exec 3<>/dev/tcp/{to}/9' 2>&1; echo rc=$?");
        if (output.Contains("Connection refused", StringComparison.Ordinal))
        {
            return Reached;
        }
        Assert.True(output.Contains("rc=124", StringComparison.Ordinal), $"unexpected probe result from {from} to {to}: {output}");
        return Blocked;
    }

    private static void DeleteNamedNetns(string name)
    {
        if (File.Exists($"/run/netns/{name}"))
        {
            using var process = System.Diagnostics.Process.Start("ip", ["netns", "del", name]);
            process.WaitForExit();
        }
    }
}
