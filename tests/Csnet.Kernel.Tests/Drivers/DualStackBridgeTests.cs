using Csnet.Common.Storage;
using Csnet.Tests.Shared;
using System.Net;
using Csnet.Common.Addressing;
using Csnet.Kernel.Tests.Nftables;
using Csnet.Plugin.Drivers;
using Csnet.Plugin.Drivers.Bridge;
using Csnet.Plugin.Drivers.Firewall;
using Csnet.Plugin.Drivers.Ports;
using Csnet.Plugin.Drivers.Steps;
using Csnet.Plugin.Kernel.Proc;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.State;
using Csnet.Plugin.State.Schema;
using LiteDB;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Csnet.Kernel.Tests.Drivers;

/// <summary>
/// The bridge driver itself, with its real kernel layer (rtnetlink, /proc/sys, nftables), in a
/// throwaway netns: a dual-stack network and two endpoints whose container ends are moved into
/// named namespaces and configured the way dockerd does it. Then IPv6 (and IPv4) flows.
/// </summary>
public class DualStackBridgeTests
{
    private const string NetId = "d5d5d5d5d5d5000000000000000000000000000000000000000000000000000a";
    private const string Ep1 = "e1e1e1e1e1e1000000000000000000000000000000000000000000000000000b";
    private const string Ep2 = "e2e2e2e2e2e2000000000000000000000000000000000000000000000000000c";

    [SkippableFact]
    public void ContainersOnADualStackNetworkPingEachOtherAndTheirGatewaysOverIPv6() => InNetns(prefix =>
    {
        using var db = Databases.InMemory();
        using var rtnl = RtnlClient.Open();
        var (driver, endpoints) = Driver(db, rtnl);

        var network = driver.CreateNetwork(new NetworkSpec(NetId, new Dictionary<string, string>(), false, true,
        [
            new SubnetSpec(IpPrefix.Parse("10.61.0.0/24"), CidrAddress.Parse("10.61.0.1/24"), new Dictionary<string, IPAddress>()),
            new SubnetSpec(IpPrefix.Parse("fd5c:61::/64"), CidrAddress.Parse("fd5c:61::1/64"), new Dictionary<string, IPAddress>()),
        ]), default);
        foreach (var (id, n) in new[] { (Ep1, 2), (Ep2, 3) })
        {
            driver.CreateEndpoint(network, new EndpointSpec(NetId, id, CidrAddress.Parse($"10.61.0.{n}/24"), CidrAddress.Parse($"fd5c:61::{n}/64"), null), default);
            var join = driver.Join(network, endpoints.Find(id)!);
            Assert.Equal((IPAddress.Parse("10.61.0.1"), IPAddress.Parse("fd5c:61::1")), (join.Gateway, join.GatewayIPv6));
            // What dockerd does with SrcName: into the sandbox, renamed, addresses without DAD, routes.
            IsolatedNetns.RunInThisNetns($"""
                set -e
                ip netns add {prefix}-c{n}
                ip link set {join.SrcName} netns {prefix}-c{n}
                ip -n {prefix}-c{n} link set {join.SrcName} name eth0
                ip -n {prefix}-c{n} link set lo up
                ip -n {prefix}-c{n} addr add 10.61.0.{n}/24 dev eth0
                ip -n {prefix}-c{n} addr add fd5c:61::{n}/64 dev eth0 nodad
                ip -n {prefix}-c{n} link set eth0 up
                ip -n {prefix}-c{n} route add default via {join.Gateway}
                ip -n {prefix}-c{n} -6 route add default via {join.GatewayIPv6}
                """);
        }

        Assert.True(Ping(prefix, "c3", "fd5c:61::2"), "ping6 c3 -> c2");
        Assert.True(Ping(prefix, "c3", "fd5c:61::1"), "ping6 c3 -> its gateway");
        Assert.True(Ping(prefix, "c2", "10.61.0.3"), "ping c2 -> c3");
        Assert.Equal("1", File.ReadAllText("/proc/sys/net/ipv6/conf/all/forwarding").Trim());
        Assert.Equal("0", File.ReadAllText("/proc/sys/net/ipv6/conf/csbr-d5d5d5d5d5/accept_ra").Trim());
        Assert.Contains("ip6 saddr fd5c:61::/64 oifname != \"csbr-d5d5d5d5d5\"", IsolatedNetns.RunInThisNetns("nft list chain inet csnet postrouting"));

        driver.DeleteNetwork(network);

        Assert.Null(rtnl.TryGetLink("csbr-d5d5d5d5d5"));
        Assert.DoesNotContain("csnet", IsolatedNetns.RunInThisNetns("nft list tables"));
    });

    private static (BridgeDriver, IEndpointStore) Driver(LiteDatabase db, IRtnl rtnl)
    {
        var migration = new StateMigration(db, NullLogger<StateMigration>.Instance);
        var networks = new LiteNetworkStore(db, new SettingsCodecs([new BridgeSettingsCodec()]), migration);
        var endpoints = new LiteEndpointStore(db, migration);
        var firewall = new FirewallSync(networks, endpoints, [new BridgeFirewallPolicy(null, NullLogger<BridgeFirewallPolicy>.Instance)],
            SampleRules.Firewall(), TimeProvider.System, NullLogger<FirewallSync>.Instance);
        var driver = new BridgeDriver(rtnl, networks, endpoints, firewall, new ProcSysctls(), new PortAllocator(endpoints, new HostPorts()),
            new StepRunner(NullLogger<StepRunner>.Instance), TimeProvider.System, NullLogger<BridgeDriver>.Instance);
        return (driver, endpoints);
    }

    private static bool Ping(string prefix, string from, string to) =>
        IsolatedNetns.RunInThisNetns($"ip netns exec {prefix}-{from} busybox ping -c 1 -W 2 {to} >/dev/null 2>&1; echo rc=$?").Contains("rc=0", StringComparison.Ordinal);

    private static void InNetns(Action<string> test)
    {
        Skip.IfNot(File.Exists("/bin/busybox") || File.Exists("/usr/bin/busybox"), "busybox (for ping) is not installed");
        var prefix = $"csds{Environment.ProcessId}x{Random.Shared.Next(10000)}";
        try
        {
            IsolatedNetns.Run(() => test(prefix));
        }
        finally
        {
            foreach (var name in new[] { "c2", "c3" })
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
