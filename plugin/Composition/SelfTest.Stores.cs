using Csnet.Plugin.State;
using LiteDB;

namespace Csnet.Plugin.Composition;

public static partial class SelfTest
{
    // Every member gets a value other than its default, so a member the mapper lost shows up as a mismatch.
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
        var store = new LiteNetworkStore(db);
        var stored = new NetworkRecord
        {
            Id = "selftest-network",
            Mode = "selftest-mode",
            BridgeName = "csst0",
            BridgeOwner = LinkOwner.Existing,
            Mtu = 1400,
            Masquerade = false,
            Internal = true,
            Icc = false,
            SnatAddress = "192.0.2.7",
            HostBindingIpv4 = "127.0.0.1",
            DstPrefix = "cs",
            Subnets = [new SubnetRecord { Pool = "10.250.0.0/24", Gateway = "10.250.0.1/24", GatewayAddressAdded = true }],
            Options = new() { ["com.docker.network.driver.mtu"] = "1400", ["selftest"] = "yes" },
            CreatedAt = Created,
        };
        var mismatches = new List<string>();
        store.Add(stored);
        CompareNetwork(mismatches, "Find", stored, store.Find(stored.Id));
        CompareNetwork(mismatches, "All", stored, store.All().SingleOrDefault());
        store.Remove(stored.Id);
        Expect(mismatches, "Find after Remove", null, store.Find(stored.Id));
        return mismatches;
    }

    private static IReadOnlyList<string> EndpointRoundTrip(ILiteDatabase db)
    {
        var store = new LiteEndpointStore(db);
        var stored = new EndpointRecord
        {
            Id = "selftest-endpoint",
            NetworkId = "selftest-network",
            HostVeth = "csst1",
            ContainerVeth = "csst2",
            Address = "10.250.0.2/24",
            MacAddress = "02:42:0a:fa:00:02",
            SandboxKey = "/var/run/docker/netns/selftest",
            Ports = [new PortRecord { Proto = 17, HostIp = "127.0.0.1", HostPort = 18080, ContainerPort = 80 }],
            CreatedAt = Created,
        };
        var mismatches = new List<string>();
        store.Add(stored);
        CompareEndpoint(mismatches, "Find", stored, store.Find(stored.Id));
        CompareEndpoint(mismatches, "ForNetwork", stored, store.ForNetwork(stored.NetworkId).SingleOrDefault());
        CompareEndpoint(mismatches, "WithPorts", stored, store.WithPorts().SingleOrDefault());
        var updated = stored with { SandboxKey = "/var/run/docker/netns/selftest2", Ports = [] };
        store.Update(updated);
        CompareEndpoint(mismatches, "Find after Update", updated, store.Find(stored.Id));
        store.Remove(stored.Id);
        Expect(mismatches, "Find after Remove", null, store.Find(stored.Id));
        return mismatches;
    }

    private static void CompareNetwork(List<string> mismatches, string how, NetworkRecord expected, NetworkRecord? actual)
    {
        if (actual is null)
        {
            mismatches.Add($"{how}: the network did not come back");
            return;
        }
        // Record equality covers the scalar members; the collections are compared element by element.
        List<SubnetRecord> noSubnets = [];
        Dictionary<string, string> noOptions = [];
        Expect(mismatches, $"{how}: NetworkRecord",
            expected with { Subnets = noSubnets, Options = noOptions },
            actual with { Subnets = noSubnets, Options = noOptions, CreatedAt = actual.CreatedAt.ToUniversalTime() });
        ExpectSequence(mismatches, $"{how}: NetworkRecord.Subnets", expected.Subnets, actual.Subnets);
        ExpectSequence(mismatches, $"{how}: NetworkRecord.Options", expected.Options.OrderBy(o => o.Key), actual.Options?.OrderBy(o => o.Key));
    }

    private static void CompareEndpoint(List<string> mismatches, string how, EndpointRecord expected, EndpointRecord? actual)
    {
        if (actual is null)
        {
            mismatches.Add($"{how}: the endpoint did not come back");
            return;
        }
        List<PortRecord> noPorts = [];
        Expect(mismatches, $"{how}: EndpointRecord",
            expected with { Ports = noPorts },
            actual with { Ports = noPorts, CreatedAt = actual.CreatedAt.ToUniversalTime() });
        ExpectSequence(mismatches, $"{how}: EndpointRecord.Ports", expected.Ports, actual.Ports);
    }
}
