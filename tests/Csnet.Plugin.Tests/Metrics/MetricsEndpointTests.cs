using System.Globalization;
using Csnet.Plugin.Tests.Endpoints;
using Xunit;

namespace Csnet.Plugin.Tests.Metrics;

/// <summary>
/// /metrics on the plugin socket after Docker's calls. Counters come from one process-wide meter, so
/// plugins of parallel tests add to them too: counters are compared before and after, gauges (read
/// from this plugin's records) exactly.
/// </summary>
public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private const string NetId = "5c2d0000000000000000000000000000000000000000000000000000000000aa";
    private const string EpId = "7e00000000000000000000000000000000000000000000000000000000000bb";
    private PluginHost _host = null!;

    public async Task InitializeAsync() => _host = await PluginHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Requests_CountedByMethodAndOutcome_WithLatencyBuckets()
    {
        var before = await ScrapeAsync();
        await _host.CreateBridgeNetworkWithEndpointAsync(NetId, EpId);
        var (status, _) = await _host.PostAsync("/NetworkDriver.CreateNetwork",
            $$$"""{"NetworkID":"{{{NetId[..^2]}}}ff","Options":{"com.docker.network.generic":{"no.such.option":"1"}},"IPv4Data":[{"AddressSpace":"LocalDefault","Pool":"10.91.0.0/24","Gateway":"10.91.0.1/24"}],"IPv6Data":[]}""");
        Assert.Equal(500, status);

        var after = await ScrapeAsync();

        const string ok = "csnet_request_duration_seconds_count{method=\"NetworkDriver.CreateEndpoint\",outcome=\"ok\"}";
        const string refused = "csnet_request_duration_seconds_count{method=\"NetworkDriver.CreateNetwork\",outcome=\"invalid_option\"}";
        Assert.True(after[ok] >= before.GetValueOrDefault(ok) + 1, ok);
        Assert.True(after[refused] >= before.GetValueOrDefault(refused) + 1, refused);
        Assert.True(after["csnet_request_duration_seconds_bucket{method=\"NetworkDriver.CreateEndpoint\",outcome=\"ok\",le=\"+Inf\"}"] >= 1);
    }

    [Fact]
    public async Task Gauges_EndpointsPerNetworkAndPoolUsage_FollowTheRecords()
    {
        await _host.CreateBridgeNetworkWithEndpointAsync(NetId, EpId);

        var metrics = await ScrapeAsync();
        Assert.Equal(1, metrics["csnet_networks{mode=\"bridge\"}"]);
        Assert.Equal(1, metrics["csnet_network_endpoints{network=\"5c2d00000000\",mode=\"bridge\"}"]);
        Assert.Equal(2, metrics["csnet_ipam_pool_used_addresses{pool=\"10.90.0.0/24\",network=\"5c2d00000000\"}"]);
        Assert.Equal(254, metrics["csnet_ipam_pool_usable_addresses{pool=\"10.90.0.0/24\",network=\"5c2d00000000\"}"]);

        Assert.Equal(200, (await _host.PostAsync("/NetworkDriver.DeleteEndpoint", $$$"""{"NetworkID":"{{{NetId}}}","EndpointID":"{{{EpId}}}"}""")).Status);
        Assert.Equal(200, (await _host.PostAsync("/NetworkDriver.DeleteNetwork", $$$"""{"NetworkID":"{{{NetId}}}"}""")).Status);
        var gone = await ScrapeAsync();
        Assert.DoesNotContain(gone.Keys, k => k.StartsWith("csnet_network_endpoints{", StringComparison.Ordinal));
    }

    [Fact]
    public async Task KnownRepairAndHealKinds_ExportedFromTheStart_AndBuildInfoNamesTheVersion()
    {
        var metrics = await ScrapeAsync();

        Assert.True(metrics.ContainsKey("csnet_reconcile_repairs_total{kind=\"bridge_rebuilt\"}"));
        Assert.True(metrics.ContainsKey("csnet_firewall_heals_total{kind=\"rules_missing\"}"));
        Assert.Equal(1, metrics[$"csnet_build_info{{version=\"{Plugin.Ctl.CtlVersion.Current}\"}}"]);
    }

    [Fact]
    public async Task Scrape_IsThePrometheusTextFormat()
    {
        using var response = await _host.Client.GetAsync("/metrics");

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE csnet_request_duration_seconds histogram\n", text);
        Assert.Contains("# TYPE csnet_reconcile_repairs_total counter\n", text);
    }

    // Sample lines as "name{labels}" → value; comments skipped. The format's own parser is used in
    // the end-to-end suite (prometheus_client); here the exact series names are what is asserted.
    private async Task<Dictionary<string, double>> ScrapeAsync()
    {
        var text = await _host.Client.GetStringAsync("/metrics");
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n').Where(l => l.Length > 0 && l[0] != '#'))
        {
            var split = line.LastIndexOf(' ');
            samples[line[..split]] = double.Parse(line[(split + 1)..], CultureInfo.InvariantCulture);
        }
        return samples;
    }
}
