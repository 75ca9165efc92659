using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Csnet.Common.Addressing;
using Csnet.Kernel.Tests.Nftables;
using Csnet.Plugin.Composition;
using Csnet.Plugin.Drivers.Bridge;
using Csnet.Plugin.Drivers.Firewall;
using Csnet.Plugin.Kernel.Nftables;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Model;
using Csnet.Plugin.State;
using Csnet.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Xunit;
using Xunit.Abstractions;

namespace Csnet.Kernel.Tests.Drivers;

/// <summary>
/// What the firewall healer's idle check costs on a host with a large routing table, printed for
/// docs/convergence.md. It measures and prints; timing is never asserted (it depends on the machine).
/// </summary>
public sealed class IdleCheckCostTests(ITestOutputHelper output)
{
    private const int Routes = 100_000;
    private const int Checks = 20;

    [SkippableFact]
    public void IdleCheckCostWithAHundredThousandRoutes() => IsolatedNetns.Run(() =>
    {
        using var rtnl = RtnlClient.Open();
        rtnl.AddLink(new VethLink { Name = "up-a", PeerName = "peer-a", IsUp = true });
        rtnl.SetUp("peer-a");
        rtnl.AddAddress("up-a", IPAddress.Parse("10.0.0.1"), 8);
        var batch = Path.Combine(Path.GetTempPath(), $"csnet-routes-{Environment.ProcessId}.txt");
        try
        {
            // Test-only: ip(8) loads a full-table-sized set of /32 routes in one batch.
            File.WriteAllLines(batch, Enumerable.Range(0, Routes)
                .Select(i => $"route add 100.{64 + (i >> 16)}.{(i >> 8) & 255}.{i & 255}/32 via 10.0.0.2 dev up-a")
                .Append("route add default via 10.0.0.2 dev up-a"));
            IsolatedNetns.RunInThisNetns($"ip -batch {batch}");
        }
        finally
        {
            File.Delete(batch);
        }
        output.WriteLine($"{rtnl.GetRoutes(AddressFamily.InterNetwork).Count} IPv4 routes in the namespace");

        using var nft = SampleRules.Firewall();
        var uplinks = new UplinksFromKernel(rtnl);

        // As the check was before: every check computed the rules, and the uplinks came from a
        // parse of every route of both families.
        var before = Sync(nft, new FullDumpUplinks(rtnl));
        before.Sync();
        Measure("before: compute every check, uplinks from a full route dump", () =>
        {
            before.InputsChanged();
            before.Heal();
        });

        // One default route changed (an event): the rules are computed again, uplinks dumped with
        // prefixes skipped from the header.
        var after = Sync(nft, uplinks);
        uplinks.StartListening();
        after.Sync();
        Measure("after, a default route changed: recompute, default-route dump", () =>
        {
            uplinks.Invalidate();
            after.InputsChanged();
            after.Heal();
        });

        // Idle: the kept rules against the ruleset generation, no store, no route dump.
        after.Heal();
        Measure("after, idle: kept rules, generation check only", () => after.Heal());

        Measure("one full IPv4 route dump (GetRoutes)", () => rtnl.GetRoutes(AddressFamily.InterNetwork));
        Measure("one IPv4 default-route dump (GetDefaultRoutes)", () => rtnl.GetDefaultRoutes(AddressFamily.InterNetwork));
    });

    private void Measure(string what, Action check)
    {
        check(); // warm up (JIT, first allocation)
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < Checks; i++)
            check();
        wall.Stop();
        process.Refresh();
        var cpuPerCheck = (process.TotalProcessorTime - cpu).TotalMilliseconds / Checks;
        output.WriteLine($"{what}: {wall.Elapsed.TotalMilliseconds / Checks:F3} ms wall, {cpuPerCheck:F3} ms CPU per call ({Checks} calls)");
    }

    private static FirewallSync Sync(IFirewall nft, IUplinkInterfaces uplinks)
    {
        var networks = new Mock<INetworkStore>();
        networks.Setup(n => n.All()).Returns(() => Enumerable.Range(1, 3).Select(Network).ToList());
        var endpoints = new Mock<IEndpointStore>();
        endpoints.Setup(e => e.WithPorts()).Returns([]);
        return new FirewallSync(networks.Object, endpoints.Object, [new BridgeFirewallPolicy(uplinks, NullLogger<BridgeFirewallPolicy>.Instance)],
            nft, TimeProvider.System, NullLogger<FirewallSync>.Instance);
    }

    private static Network Network(int i) => new()
    {
        Id = $"net{i}",
        Mode = BridgeDriver.ModeName,
        Subnets = [new Subnet(IpPrefix.Parse($"10.9{i}.0.0/24"), IPAddress.Parse($"10.9{i}.0.1"), new Dictionary<string, IPAddress>())],
        Settings = new BridgeSettings { BridgeName = $"csbr-{i}" },
    };

    // The uplinks as they were read before the cache (661c085): every route of both families parsed.
    private sealed class FullDumpUplinks(IRtnl rtnl) : IUplinkInterfaces
    {
        public IReadOnlyCollection<string> Names() =>
            new[] { AddressFamily.InterNetwork, AddressFamily.InterNetworkV6 }
                .SelectMany(rtnl.GetRoutes)
                .Where(r => r.PrefixLength == 0 && r.OutputIndex is not null)
                .Select(r => rtnl.TryGetLink(r.OutputIndex!.Value)?.Name)
                .OfType<string>()
                .Distinct()
                .ToList();
    }
}
