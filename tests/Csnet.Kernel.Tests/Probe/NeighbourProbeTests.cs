using System.Net;
using Csnet.Kernel.Tests.Nftables;
using Csnet.Plugin.Kernel.Probe;
using Csnet.Plugin.Kernel.Rtnl;
using Xunit;

namespace Csnet.Kernel.Tests.Probe;

/// <summary>
/// The ARP and DAD probes on real links, in a throwaway netns: "lan0" is the probing link (a
/// macvlan parent's stand-in), its veth peer sits in a named "LAN host" namespace holding some
/// addresses; "other0" leads to a second LAN host that must never see a probe meant for lan0.
/// </summary>
public sealed class NeighbourProbeTests
{
    private static readonly NeighbourProbe Probe = new(new ProbeTiming(), TimeProvider.System);

    [SkippableFact]
    public void AnIPv4AddressHeldOnTheLanAnswersTheArpProbeWithTheHoldersMac() => OnLan((rtnl, lanMac) =>
    {
        var lan0 = rtnl.TryGetLink("lan0")!;

        Assert.Equal(lanMac, Ask(lan0.Index, lan0.MacAddress!, IPAddress.Parse("10.42.0.2")));
        Assert.Null(Ask(lan0.Index, lan0.MacAddress!, IPAddress.Parse("10.42.0.9")));
    });

    [SkippableFact]
    public void AnIPv6AddressHeldOnTheLanAnswersTheDuplicateAddressSolicitation() => OnLan((rtnl, lanMac) =>
    {
        var lan0 = rtnl.TryGetLink("lan0")!;

        Assert.Equal(lanMac, Ask(lan0.Index, lan0.MacAddress!, IPAddress.Parse("fd5c:42::2")));
        Assert.Null(Ask(lan0.Index, lan0.MacAddress!, IPAddress.Parse("fd5c:42::9")));
    });

    [SkippableFact]
    public void AProbeGoesOutOfItsOwnLinkOnly() => OnLan((rtnl, _) =>
    {
        var lan0 = rtnl.TryGetLink("lan0")!;

        // 10.42.0.3 and fd5c:42::3 are held by the host behind other0: a probe on lan0 must not reach it.
        Assert.Null(Ask(lan0.Index, lan0.MacAddress!, IPAddress.Parse("10.42.0.3")));
        Assert.Null(Ask(lan0.Index, lan0.MacAddress!, IPAddress.Parse("fd5c:42::3")));
        var other0 = rtnl.TryGetLink("other0")!;
        Assert.NotNull(Ask(other0.Index, other0.MacAddress!, IPAddress.Parse("10.42.0.3")));
    });

    [SkippableFact]
    public void TheArpProbeTeachesTheLanHostNoNeighbour() => OnLan((rtnl, _) =>
    {
        var lan0 = rtnl.TryGetLink("lan0")!;

        Ask(lan0.Index, lan0.MacAddress!, IPAddress.Parse("10.42.0.2"));

        var neighbours = IsolatedNetns.RunInThisNetns($"ip netns exec {Prefix}-lan ip -4 neigh show dev eth0");
        Assert.DoesNotContain(lan0.MacAddress!.ToString().ToLowerInvariant(), neighbours.Replace(":", ""));
    });

    private static System.Net.NetworkInformation.PhysicalAddress? Ask(int link, System.Net.NetworkInformation.PhysicalAddress mac, IPAddress address) =>
        Probe.ProbeAsync(link, mac, address).AsTask().GetAwaiter().GetResult();

    private static string Prefix { get; } = $"csnp{Environment.ProcessId}x{Random.Shared.Next(10000)}";

    private static void OnLan(Action<RtnlClient, System.Net.NetworkInformation.PhysicalAddress> test)
    {
        Skip.IfNot(File.Exists("/usr/sbin/ip") || File.Exists("/sbin/ip") || File.Exists("/usr/bin/ip"), "ip(8) is not installed");
        try
        {
            IsolatedNetns.Run(() =>
            {
                IsolatedNetns.RunInThisNetns($"""
                    set -e
                    ip netns add {Prefix}-lan
                    ip netns add {Prefix}-other
                    ip link add lan0 type veth peer name eth0 netns {Prefix}-lan
                    ip link add other0 type veth peer name eth0 netns {Prefix}-other
                    ip link set lan0 up
                    ip link set other0 up
                    ip -n {Prefix}-lan link set eth0 address 02:00:00:00:42:02 up
                    ip -n {Prefix}-lan addr add 10.42.0.2/24 dev eth0
                    ip -n {Prefix}-lan addr add fd5c:42::2/64 dev eth0 nodad
                    ip -n {Prefix}-other link set eth0 up
                    ip -n {Prefix}-other addr add 10.42.0.3/24 dev eth0
                    ip -n {Prefix}-other addr add fd5c:42::3/64 dev eth0 nodad
                    """);
                using var rtnl = RtnlClient.Open();
                test(rtnl, System.Net.NetworkInformation.PhysicalAddress.Parse("02-00-00-00-42-02"));
            });
        }
        finally
        {
            foreach (var name in new[] { "lan", "other" })
            {
                if (File.Exists($"/run/netns/{Prefix}-{name}"))
                {
                    using var process = System.Diagnostics.Process.Start("ip", ["netns", "del", $"{Prefix}-{name}"]);
                    process.WaitForExit(10_000);
                }
            }
        }
    }
}
