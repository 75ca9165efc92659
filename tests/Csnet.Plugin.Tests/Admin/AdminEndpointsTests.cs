using System.Text.Json;
using Csnet.Plugin.Admin;
using Csnet.Plugin.Ctl;
using Csnet.Plugin.Tests.Endpoints;
using Xunit;

namespace Csnet.Plugin.Tests.Admin;

/// <summary>The read-only admin routes csnetctl reads, over a plugin that served Docker's calls first.</summary>
public sealed class AdminEndpointsTests : IAsyncLifetime
{
    private const string NetId = "4b1c0000000000000000000000000000000000000000000000000000000000aa";
    private const string EpId = "9f00000000000000000000000000000000000000000000000000000000000bb";
    private PluginHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await PluginHost.StartAsync();
        // What dockerd sends for `docker network create -d csnet --ipam-driver csnet --subnet 10.90.0.0/24` and one container.
        await _host.CreateBridgeNetworkWithEndpointAsync(NetId, EpId);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Networks_ListsModeSubnetBridgeEndpointsAndPoolUsage()
    {
        var networks = await GetAsync("/csnet/v1/networks", AdminJsonContext.Default.IReadOnlyListNetworkView);

        var network = Assert.Single(networks);
        Assert.Equal((NetId, "bridge", false), (network.Id, network.Mode, network.Internal));
        Assert.Equal(new SubnetView("10.90.0.0/24", "10.90.0.1"), Assert.Single(network.Subnets));
        Assert.Equal("csbr-4b1c000000", network.HostLink);
        Assert.Equal(1, network.Endpoints);
        var pool = Assert.Single(network.Pools);
        Assert.Equal(("10.90.0.0/24", (UInt128)2, (UInt128)254, "10.90.0.3-10.90.0.254"), (pool.Pool, pool.Used, pool.Usable, pool.LargestFree));

        Assert.Null(network.Name);
        var table = Views.Networks(networks);
        Assert.StartsWith("NETWORK       NAME  MODE    SUBNET        LINK             ENDPOINTS  USED", table);
        Assert.Contains("4b1c00000000  -     bridge  10.90.0.0/24  csbr-4b1c000000  1          2/254", table);
        Assert.Contains("4b1c00000000  web   bridge", Views.Networks([network with { Name = "web" }]));

        // Dual stack: a row per subnet, each with its own pool's usage.
        var dual = network with
        {
            Subnets = [.. network.Subnets, new SubnetView("fd5c:e2e:71:1::/64", "fd5c:e2e:71:1::1")],
            Pools = [.. network.Pools, new PoolView("p6", "LocalDefault", "fd5c:e2e:71:1::/64", null, NetId, 2, UInt128.MaxValue >> 64, null)],
        };
        var rows = Views.Networks([dual]).Split('\n');
        Assert.Equal("4b1c00000000  -     bridge  10.90.0.0/24        csbr-4b1c000000  1          2/254", rows[1]);
        Assert.Equal(new string(' ', 28) + "fd5c:e2e:71:1::/64" + new string(' ', 30) + "2/~2^64", rows[2]);
        Assert.All(rows, row => Assert.True(row.Length <= 100, row));
    }

    [Fact]
    public async Task Network_ByIdPrefix_ShowsEndpointAddressMacAndHostLink()
    {
        var detail = await GetAsync("/csnet/v1/networks/4B1C", AdminJsonContext.Default.NetworkDetailView);

        var endpoint = Assert.Single(detail.Endpoints);
        Assert.Equal(EpId, endpoint.Id);
        Assert.Equal(["10.90.0.2/24"], endpoint.Addresses);
        Assert.Equal("02:42:0a:5a:00:02", endpoint.MacAddress);
        Assert.Equal("csv9f0000000000", endpoint.HostLink);
        Assert.Empty(endpoint.Ports);
        Assert.Contains("9f0000000000  10.90.0.2/24  02:42:0a:5a:00:02  csv9f0000000000  -", Views.Network(detail));

        // Dual stack with two published ports: a row per address and port.
        var dual = detail with
        {
            Endpoints = [endpoint with
            {
                Addresses = ["10.90.0.2/24", "fd5c:e2e:71:1::2/64"],
                Ports = [new PortView("tcp", "0.0.0.0", 18571, 80), new PortView("tcp", "::", 18571, 80)],
            }],
        };
        var rows = Views.Network(dual).Split('\n').SkipWhile(l => !l.StartsWith("ENDPOINT", StringComparison.Ordinal)).ToList();
        Assert.Equal("9f0000000000  10.90.0.2/24         02:42:0a:5a:00:02  csv9f0000000000  80/tcp->0.0.0.0:18571", rows[1]);
        Assert.Equal(new string(' ', 14) + "fd5c:e2e:71:1::2/64" + new string(' ', 38) + "80/tcp->[::]:18571", rows[2]);
    }

    [Fact]
    public async Task Network_Unknown_404SayingHowToFindIds()
    {
        using var response = await _host.Client.GetAsync("/csnet/v1/networks/deadbeef");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Contains("no csnet network has an id starting with 'deadbeef'", JsonSerializer.Deserialize(body, AdminJsonContext.Default.AdminError)!.Err);
    }

    [Fact]
    public async Task Ipam_ListsEveryPoolWithItsNetwork()
    {
        var pools = await GetAsync("/csnet/v1/ipam", AdminJsonContext.Default.IReadOnlyListPoolView);

        var pool = Assert.Single(pools);
        Assert.Equal(NetId, pool.NetworkId);
        Assert.Contains("10.90.0.0/24  -      2/254  10.90.0.3-10.90.0.254  4b1c00000000  LocalDefault", Views.Pools(pools));
    }

    [Fact]
    public async Task AdminRoutesAreReadOnly_APostIsNotAnswered()
    {
        var (status, _) = await _host.PostAsync("/csnet/v1/networks", "{}");

        Assert.Equal(405, status);
    }


    private async Task<T> GetAsync<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        using var response = await _host.Client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonSerializer.Deserialize(body, type)!;
    }
}
