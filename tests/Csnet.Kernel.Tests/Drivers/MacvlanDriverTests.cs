using System.Net;
using Csnet.Common.Addressing;
using Csnet.Kernel.Tests.Nftables;
using Csnet.Plugin.Drivers;
using Csnet.Plugin.Drivers.Macvlan;
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
/// The macvlan driver with its real kernel layer in a throwaway netns that plays the host: "lan0"
/// is the parent, a veth whose peer is a LAN host namespace; the endpoints' children are moved into
/// container namespaces and configured the way dockerd does it. Then traffic.
/// </summary>
public class MacvlanDriverTests
{
    private const string NetId = "3c3c3c3c3c3c000000000000000000000000000000000000000000000000000a";
    private const string Ep1 = "e1e1e1e1e1e1000000000000000000000000000000000000000000000000000b";
    private const string Ep2 = "e2e2e2e2e2e2000000000000000000000000000000000000000000000000000c";

    [SkippableFact]
    public void ContainersReachTheLanAndWithTheShimTheHostReachesThem() => OnLan((prefix, rtnl, driver) =>
    {
        var network = driver.CreateNetwork(Spec("bridge", ("csnet.host_shim", "10.43.0.250,fd5c:43::fa")), default);
        Join(prefix, driver, network, Ep1, 5, "c5");
        Join(prefix, driver, network, Ep2, 6, "c6");

        Assert.True(Ping(prefix, "c5", "10.43.0.1"), "container -> LAN host");
        Assert.True(Ping(prefix, "c5", "fd5c:43::1"), "container -> LAN host (IPv6)");
        Assert.True(Ping(prefix, "lan", "10.43.0.6"), "LAN host -> container");
        Assert.True(Ping(prefix, "c5", "10.43.0.6"), "container -> container (bridge mode)");
        Assert.True(Ping(prefix, null, "10.43.0.5"), "host -> container through the shim");
        Assert.True(Ping(prefix, null, "fd5c:43::5"), "host -> container through the shim (IPv6)");
        Assert.True(Ping(prefix, "c6", "10.43.0.250"), "container -> the host's shim address");
        Assert.Contains("10.43.0.5 dev cshim3c3c3c3c3c proto static scope link src 10.43.0.250", IsolatedNetns.RunInThisNetns("ip -4 route show 10.43.0.5"));

        driver.DeleteNetwork(network);
        Assert.Null(rtnl.TryGetLink("cshim3c3c3c3c3c"));
        Assert.NotNull(rtnl.TryGetLink("lan0"));
    });

    [SkippableFact]
    public void WithoutTheShimTheHostCannotReachItsContainers() => OnLan((prefix, rtnl, driver) =>
    {
        // The host has an address on the LAN itself, as a real host does; the kernel still keeps a
        // parent and its macvlan children apart.
        IsolatedNetns.RunInThisNetns("ip addr add 10.43.0.254/24 dev lan0");
        var network = driver.CreateNetwork(Spec("bridge"), default);
        Join(prefix, driver, network, Ep1, 5, "c5");

        Assert.True(Ping(prefix, "lan", "10.43.0.5"), "LAN host -> container");
        Assert.False(Ping(prefix, null, "10.43.0.5"), "host -> container must fail without a shim");
    });

    [SkippableFact]
    public void PrivateModeKeepsContainersApartButOnTheLan() => OnLan((prefix, rtnl, driver) =>
    {
        var network = driver.CreateNetwork(Spec("private"), default);
        Join(prefix, driver, network, Ep1, 5, "c5");
        Join(prefix, driver, network, Ep2, 6, "c6");

        Assert.True(Ping(prefix, "c5", "10.43.0.1"), "container -> LAN host");
        Assert.False(Ping(prefix, "c5", "10.43.0.6"), "private children must not reach each other");
    });

    private static NetworkSpec Spec(string mode, params (string Key, string Value)[] extra)
    {
        var options = new Dictionary<string, string> { ["mode"] = "macvlan", ["parent"] = "lan0", ["macvlan_mode"] = mode };
        foreach (var (key, value) in extra)
            options[key] = value;
        return new NetworkSpec(NetId, options, false, true,
        [
            new SubnetSpec(IpPrefix.Parse("10.43.0.0/24"), CidrAddress.Parse("10.43.0.1/24"), new Dictionary<string, IPAddress>()),
            new SubnetSpec(IpPrefix.Parse("fd5c:43::/64"), CidrAddress.Parse("fd5c:43::1/64"), new Dictionary<string, IPAddress>()),
        ]);
    }

    /// <summary>CreateEndpoint and Join, then what dockerd does with SrcName: into the sandbox, renamed, addressed.</summary>
    private static void Join(string prefix, MacvlanDriver driver, Plugin.Model.Network network, string endpointId, int host, string name)
    {
        var spec = new EndpointSpec(NetId, endpointId, CidrAddress.Parse($"10.43.0.{host}/24"), CidrAddress.Parse($"fd5c:43::{host}/64"), null);
        var result = driver.CreateEndpoint(network, spec, default);
        var join = driver.Join(network, new Plugin.Model.Endpoint
        {
            Id = endpointId,
            NetworkId = NetId,
            Addresses = spec.Addresses,
            Links = [new(MacvlanNames.Child(endpointId), Plugin.Model.LinkRole.Container)],
        });
        IsolatedNetns.RunInThisNetns($"""
            set -e
            ip netns add {prefix}-{name}
            ip link set {join.SrcName} netns {prefix}-{name}
            ip -n {prefix}-{name} link set {join.SrcName} name eth0
            ip -n {prefix}-{name} link set eth0 address {Plugin.Model.MacAddresses.Format(result.GeneratedMacAddress!)}
            ip -n {prefix}-{name} link set lo up
            ip -n {prefix}-{name} addr add 10.43.0.{host}/24 dev eth0
            ip -n {prefix}-{name} addr add fd5c:43::{host}/64 dev eth0 nodad
            ip -n {prefix}-{name} link set eth0 up
            ip -n {prefix}-{name} route add default via {join.Gateway}
            """);
    }

    private static bool Ping(string prefix, string? from, string to) =>
        IsolatedNetns.RunInThisNetns($"{(from is null ? "" : $"ip netns exec {prefix}-{from} ")}busybox ping -c 1 -W 2 {to} >/dev/null 2>&1; echo rc=$?")
            .Contains("rc=0", StringComparison.Ordinal);

    private static void OnLan(Action<string, RtnlClient, MacvlanDriver> test)
    {
        Skip.IfNot(File.Exists("/bin/busybox") || File.Exists("/usr/bin/busybox"), "busybox (for ping) is not installed");
        var prefix = $"csmv{Environment.ProcessId}x{Random.Shared.Next(10000)}";
        try
        {
            IsolatedNetns.Run(() =>
            {
                IsolatedNetns.RunInThisNetns($"""
                    set -e
                    ip link set lo up
                    ip netns add {prefix}-lan
                    ip link add lan0 type veth peer name eth0 netns {prefix}-lan
                    ip link set lan0 up
                    ip -n {prefix}-lan link set lo up
                    ip -n {prefix}-lan link set eth0 up
                    ip -n {prefix}-lan addr add 10.43.0.1/24 dev eth0
                    ip -n {prefix}-lan addr add fd5c:43::1/64 dev eth0 nodad
                    """);
                using var db = new LiteDatabase(new MemoryStream());
                using var rtnl = RtnlClient.Open();
                var migration = new StateMigration(db, NullLogger<StateMigration>.Instance);
                var networks = new LiteNetworkStore(db, new SettingsCodecs([new MacvlanSettingsCodec()]), migration);
                var endpoints = new LiteEndpointStore(db, migration);
                var driver = new MacvlanDriver(rtnl, networks, endpoints, new ProcSysctls(), new StepRunner(NullLogger<StepRunner>.Instance),
                    TimeProvider.System, NullLogger<MacvlanDriver>.Instance);
                test(prefix, rtnl, driver);
            });
        }
        finally
        {
            foreach (var name in new[] { "lan", "c5", "c6" })
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
