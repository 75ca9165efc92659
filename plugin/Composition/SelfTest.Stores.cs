using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Csnet.Common.Addressing;
using Csnet.Plugin.Drivers.Bridge;
using Csnet.Plugin.Model;
using Csnet.Plugin.State;
using Csnet.Plugin.State.Schema;
using LiteDB;
using Microsoft.Extensions.Logging.Abstractions;

namespace Csnet.Plugin.Composition;

public static partial class SelfTest
{
    // Every member gets a value other than its default, so a member the mapping lost shows up as a mismatch.
    private static readonly DateTime Created = new(2026, 12, 1, 12, 34, 56, DateTimeKind.Utc);

    private static IReadOnlyList<string> WithScratchDatabase(CsnetOptions options, Func<ILiteDatabase, IReadOnlyList<string>> check)
    {
        Directory.CreateDirectory(options.StateDir);
        var path = Path.Combine(options.StateDir, $"selftest-{Environment.ProcessId}.db");
        try
        {
            using var db = StateDatabase.Open(path);
            return check(db);
        }
        finally
        {
            File.Delete(path);
            File.Delete(Path.ChangeExtension(path, null) + "-log.db");
        }
    }

    private static IReadOnlyList<string> NetworkRoundTrip(ILiteDatabase db)
    {
        var store = new LiteNetworkStore(db, new SettingsCodecs([new BridgeSettingsCodec()]), new StateMigration(db, NullLogger<StateMigration>.Instance));
        var stored = new Network
        {
            Id = "selftest-network",
            Mode = BridgeDriver.ModeName,
            Internal = true,
            EnableIPv6 = true,
            Subnets =
            [
                new Subnet(IpPrefix.Parse("10.250.0.0/24"), IPAddress.Parse("10.250.0.1"), new Dictionary<string, IPAddress> { ["aux"] = IPAddress.Parse("10.250.0.9") }),
                new Subnet(IpPrefix.Parse("fd00:250::/64"), IPAddress.Parse("fd00:250::1"), new Dictionary<string, IPAddress>()),
            ],
            Settings = new BridgeSettings
            {
                BridgeName = "csst0",
                BridgeOwner = LinkOwner.Existing,
                Mtu = 1400,
                Icc = false,
                Masquerade = false,
                GatewayModeIPv4 = GatewayMode.Routed,
                GatewayModeIPv6 = GatewayMode.Routed,
                HostIPv4 = IPAddress.Parse("192.0.2.7"),
                HostIPv6 = IPAddress.Parse("2001:db8::7"),
                HostBindingIPv4 = IPAddress.Loopback,
                ContainerIfacePrefix = "cs",
                GatewaysAdded = [new CidrAddress(IPAddress.Parse("10.250.0.1"), 24)],
            },
            Options = new Dictionary<string, string> { ["com.docker.network.driver.mtu"] = "1400", ["selftest"] = "yes" },
            CreatedAt = Created,
        };
        var mismatches = new List<string>();
        var inserted = store.Insert(stored);
        Compare(mismatches, "Find", Describe(inserted), store.Find(stored.Id) is { } found ? Describe(found) : null);
        Compare(mismatches, "All", Describe(inserted), store.All().SingleOrDefault() is { } listed ? Describe(listed) : null);
        var replaced = store.TryReplace(inserted with { Internal = false });
        Compare(mismatches, "Find after TryReplace", replaced is null ? "a replaced network" : Describe(replaced), store.Find(stored.Id) is { } again ? Describe(again) : null);
        Expect(mismatches, "Delete", true, store.Delete(stored.Id));
        Expect(mismatches, "Find after Delete", null, store.Find(stored.Id));
        return mismatches;
    }

    private static IReadOnlyList<string> EndpointRoundTrip(ILiteDatabase db)
    {
        var store = new LiteEndpointStore(db, new StateMigration(db, NullLogger<StateMigration>.Instance));
        var stored = new Endpoint
        {
            Id = "selftest-endpoint",
            NetworkId = "selftest-network",
            Addresses = [new CidrAddress(IPAddress.Parse("10.250.0.2"), 24), new CidrAddress(IPAddress.Parse("fd00:250::2"), 64)],
            MacAddress = PhysicalAddress.Parse("02-42-0A-FA-00-02"),
            Links = [new EndpointLink("csst1", LinkRole.Host), new EndpointLink("csst2", LinkRole.Container)],
            SandboxKey = "/var/run/docker/netns/selftest",
            Ports = [new PublishedPort(IpProtocol.Udp, AddressFamily.InterNetwork, IPAddress.Loopback, 18080, 80)],
            CreatedAt = Created,
        };
        var mismatches = new List<string>();
        var inserted = store.Insert(stored);
        Compare(mismatches, "Find", Describe(inserted), store.Find(stored.Id) is { } found ? Describe(found) : null);
        Compare(mismatches, "ForNetwork", Describe(inserted), store.ForNetwork(stored.NetworkId).SingleOrDefault() is { } listed ? Describe(listed) : null);
        Compare(mismatches, "WithPorts", Describe(inserted), store.WithPorts().SingleOrDefault() is { } withPorts ? Describe(withPorts) : null);
        var replaced = store.TryReplace(inserted with { SandboxKey = null, Ports = [] });
        Compare(mismatches, "Find after TryReplace", replaced is null ? "a replaced endpoint" : Describe(replaced), store.Find(stored.Id) is { } again ? Describe(again) : null);
        Expect(mismatches, "WithPorts after the ports went", 0, store.WithPorts().Count);
        Expect(mismatches, "Delete", true, store.Delete(stored.Id));
        Expect(mismatches, "Find after Delete", null, store.Find(stored.Id));
        return mismatches;
    }

    private static void Compare(List<string> mismatches, string how, string expected, string? actual)
    {
        if (actual != expected)
        {
            mismatches.Add($"{how}: stored {expected}\n         read back {actual ?? "nothing"}");
        }
    }

    // Each member by name, collections in order: what was stored and what came back read alike.
    private static string Describe(Network n) =>
        $"Network(Id={n.Id} Mode={n.Mode} Internal={n.Internal} EnableIPv6={n.EnableIPv6} " +
        $"Subnets=[{string.Join("; ", n.Subnets.Select(s => $"{s.Prefix} gw {s.Gateway} aux {Pairs(s.AuxAddresses)}"))}] " +
        $"Settings={Describe(n.Settings)} Options={Pairs(n.Options)} CreatedAt={n.CreatedAt.ToUniversalTime():O} Revision={n.Revision})";

    private static string Describe(NetworkSettings settings) => settings is BridgeSettings b
        ? $"Bridge(Name={b.BridgeName} Owner={b.BridgeOwner} Mtu={b.Mtu} Icc={b.Icc} Masquerade={b.Masquerade} " +
          $"Gateway4={b.GatewayModeIPv4} Gateway6={b.GatewayModeIPv6} HostIPv4={b.HostIPv4} HostIPv6={b.HostIPv6} " +
          $"HostBinding={b.HostBindingIPv4} Prefix={b.ContainerIfacePrefix} GatewaysAdded=[{string.Join(", ", b.GatewaysAdded)}])"
        : $"{settings.GetType().Name}({settings.Mode})";

    private static string Describe(Endpoint e) =>
        $"Endpoint(Id={e.Id} Network={e.NetworkId} Addresses=[{string.Join(", ", e.Addresses)}] Mac={e.MacAddress} " +
        $"Links=[{string.Join(", ", e.Links)}] Sandbox={e.SandboxKey} Ports=[{string.Join(", ", e.Ports)}] " +
        $"CreatedAt={e.CreatedAt.ToUniversalTime():O} Revision={e.Revision})";

    private static string Pairs<T>(IReadOnlyDictionary<string, T> map) =>
        "{" + string.Join(", ", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")) + "}";
}
