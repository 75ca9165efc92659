using System.Net;
using System.Net.Sockets;
using Csnet.Common.Storage;
using Csnet.Plugin.Drivers.Bridge;
using Csnet.Plugin.Kernel.Nftables;
using Csnet.Plugin.Model;
using Csnet.Plugin.State.Schema;
using Csnet.Plugin.Tests.Support;
using LiteDB;
using Xunit;

namespace Csnet.Plugin.Tests.State;

/// <summary>
/// Opens a copy of tests/fixtures/csnet-v1.db, written by the version-1 build (see the fixtures'
/// README), and checks that the upgrade finds everything in it.
/// </summary>
public sealed class MigrationFromV1Tests : IDisposable
{
    private const string N1 = "aaaa1111bbbb2222cccc3333dddd4444eeee5555ffff6666aaaa7777bbbb8888";
    private const string N2 = "9999000011112222333344445555666677778888999900001111222233334444";
    private const string N3 = "7777000011112222333344445555666677778888999900001111222233335555";
    private const string N4 = "4444000011112222333344445555666677778888999900001111222233336666";
    private const string E1 = "1111eeee2222dddd3333cccc4444bbbb5555aaaa6666ffff7777eeee8888dddd";
    private const string E2 = "2222ffff3333eeee4444dddd5555cccc6666bbbb7777aaaa8888999900001111";

    private readonly string _directory = Directory.CreateTempSubdirectory("csnet-migration-").FullName;
    private readonly LiteDatabase _db;
    private readonly StateFixture _state;

    public MigrationFromV1Tests()
    {
        var path = Path.Combine(_directory, "csnet.db");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "csnet-v1.db"), path);
        _db = new LiteDatabase($"Filename={path};Connection=direct");
        _state = new StateFixture(_db);
    }

    public void Dispose()
    {
        _state.Dispose();
        _db.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void Migrate_Version1File_RecordsTheCurrentVersionAndRunsOnce()
    {
        Assert.Equal(PluginSchema.Version, SchemaVersions.Read(_db, PluginSchema.Area));
        Assert.Empty(PluginSchema.Migrate(_db));
    }

    [Fact]
    public void Migrate_Version1File_FindsEveryNetworkWithItsSettings()
    {
        var networks = _state.Networks.All().ToDictionary(n => n.Id);

        Assert.Equal([N4, N3, N2, N1], networks.Keys.Order());
        Assert.All(networks.Values, n => Assert.Equal((BridgeDriver.ModeName, 1L), (n.Mode, n.Revision)));

        var n1 = networks[N1].SettingsAs<BridgeSettings>();
        Assert.Equal(("csbr-aaaa1111bb", LinkOwner.Csnet, 1400, false, true), (n1.BridgeName, n1.BridgeOwner, n1.Mtu, n1.Icc, n1.Masquerade));
        var subnet = networks[N1].Subnets.Single();
        Assert.Equal(("10.77.0.0/24", IPAddress.Parse("10.77.0.1")), (subnet.Prefix.ToString(), subnet.Gateway));
        Assert.Equal(["10.77.0.1/24"], n1.GatewaysAdded.Select(g => g.ToString()));

        var n2 = networks[N2];
        Assert.True(n2.Internal);
        Assert.Equal(("fixbr0", false), (n2.SettingsAs<BridgeSettings>().BridgeName, n2.SettingsAs<BridgeSettings>().Masquerade));
        Assert.Equal("10.78.0.0/16", n2.Subnets.Single().Prefix.ToString());

        var n3 = networks[N3].SettingsAs<BridgeSettings>();
        Assert.Equal((IPAddress.Parse("10.77.0.1"), IPAddress.Parse("127.0.0.1"), "net"), (n3.HostIPv4, n3.HostBindingIPv4, n3.ContainerIfacePrefix));
        Assert.Equal("172.17.0.0/16", networks[N3].Subnets.Single().Prefix.ToString());

        var n4 = networks[N4].SettingsAs<BridgeSettings>();
        Assert.Equal(("adoptbr", LinkOwner.Existing), (n4.BridgeName, n4.BridgeOwner));
        Assert.Equal(["10.79.0.254/24"], n4.GatewaysAdded.Select(g => g.ToString()));
        Assert.Equal("bridge", networks[N4].Options["mode"]);
    }

    [Fact]
    public void Migrate_Version1File_FindsEveryEndpointWithLinksAndPorts()
    {
        var e1 = _state.Endpoints.Find(E1)!;
        Assert.Equal(N1, e1.NetworkId);
        Assert.Equal(["10.77.0.2/24"], e1.Addresses.Select(a => a.ToString()));
        Assert.Equal("02:42:0a:4d:00:02", MacAddresses.Format(e1.MacAddress!));
        Assert.Equal([new EndpointLink("csv1111eeee2222", LinkRole.Host), new EndpointLink("csc1111eeee2222", LinkRole.Container)], e1.Links);
        Assert.Equal("/var/run/docker/netns/abcdef012345", e1.SandboxKey);
        Assert.Equal(
            [new PublishedPort(IpProtocol.Tcp, AddressFamily.InterNetwork, null, 18080, 80), new PublishedPort(IpProtocol.Udp, AddressFamily.InterNetwork, IPAddress.Loopback, 18053, 53)],
            e1.Ports);

        var e2 = _state.Endpoints.Find(E2)!;
        Assert.Equal((N2, "02:aa:bb:cc:dd:ee"), (e2.NetworkId, MacAddresses.Format(e2.MacAddress!)));
        Assert.Null(e2.SandboxKey);
        Assert.Equal([E1], _state.Endpoints.WithPorts().Select(e => e.Id));
        Assert.Equal([E2], _state.Endpoints.ForNetwork(N2).Select(e => e.Id));
    }

    [Fact]
    public void Migrate_Version1File_RendersTheTableVersion1Installed()
    {
        var networks = _state.Networks.All();
        var published = _state.Endpoints.WithPorts().ToLookup(e => e.NetworkId);
        var rules = networks.Select(n => BridgeFirewallPolicy.RulesFor(n, published[n.Id], [])).ToList();

        var rendered = NetworkRulesRenderer.Render(rules, []);

        var listed = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "csnet-v1-ruleset.nft"));
        Assert.Equal(Normalize(listed), Normalize(rendered[rendered.IndexOf("table inet csnet {", StringComparison.Ordinal)..]));
    }

    [Fact]
    public void Migrate_Version1File_RecordsWriteOnWithCompareAndSwap()
    {
        var e1 = _state.Endpoints.Find(E1)!;

        var joined = _state.Endpoints.TryReplace(e1 with { SandboxKey = "/var/run/docker/netns/new" });
        var stale = _state.Endpoints.TryReplace(e1 with { SandboxKey = "/var/run/docker/netns/stale" });

        Assert.Equal(2, joined!.Revision);
        Assert.Null(stale);
        Assert.Equal("/var/run/docker/netns/new", _state.Endpoints.Find(E1)!.SandboxKey);
    }

    // nft lists counters with values and blank lines between chains.
    private static string Normalize(string text) => string.Join("\n", text.Split('\n')
        .Select(line => line.Replace("counter packets 0 bytes 0", "counter", StringComparison.Ordinal).TrimEnd())
        .Where(line => line.Length > 0));
}
