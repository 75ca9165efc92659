using Csnet.Common.Storage;
using Csnet.Plugin.Drivers.Firewall;
using Csnet.Plugin.Drivers.Reconcile;
using Csnet.Plugin.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Prometheus;
using Xunit;

namespace Csnet.Plugin.Tests.Metrics;

/// <summary>Counts made anywhere in csnet (the BCL meter) reach the Prometheus series the map names.</summary>
public sealed class MeterBridgeTests
{
    [Fact]
    public async Task RepairsHealsAndStorageErrors_MoveTheirSeries()
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        using var bridge = new MeterBridge(registry);
        var before = await ExportAsync(registry);

        RepairMetrics.Count(RepairKind.ShimRebuilt);
        FirewallMetrics.Healed(Csnet.Plugin.Kernel.Nftables.FirewallDamage.ChainsMissing);
        try
        {
            using var db = Databases.InMemory();
            db.GetCollection("t").Insert(new LiteDB.BsonDocument { ["_id"] = 1 });
            db.GetCollection("t").Insert(new LiteDB.BsonDocument { ["_id"] = 1 });
        }
        catch (LiteDB.LiteException)
        {
        }

        var after = await ExportAsync(registry);
        Assert.True(Value(after, "csnet_reconcile_repairs_total{kind=\"shim_rebuilt\"}") >= Value(before, "csnet_reconcile_repairs_total{kind=\"shim_rebuilt\"}") + 1);
        Assert.True(Value(after, "csnet_firewall_heals_total{kind=\"chains_missing\"}") >= 1);
        Assert.Contains("csnet_litedb_errors_total{operation=\"insert\",code=\"110\"}", after);
    }

    [Fact]
    public async Task MetricsOnlyOnTcp_ATcpConnectionReachesNothingElse()
    {
        var reached = new List<string>();
        var app = new Microsoft.AspNetCore.Builder.ApplicationBuilder(new ServiceProviderStub());
        app.UseMetricsOnlyOnTcp();
        app.Run(context => { reached.Add(context.Request.Path); return Task.CompletedTask; });
        var pipeline = app.Build();

        foreach (var (path, ip) in new[] { ("/metrics", "127.0.0.1"), ("/Plugin.Activate", "127.0.0.1"), ("/csnet/v1/networks", "127.0.0.1"), ("/Plugin.Activate", null) })
        {
            var context = new DefaultHttpContext();
            context.Request.Path = path;
            context.Connection.LocalIpAddress = ip is null ? null : System.Net.IPAddress.Parse(ip);
            await pipeline(context);
        }

        Assert.Equal(["/metrics", "/Plugin.Activate"], reached);
    }

    private static async Task<string> ExportAsync(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static double Value(string text, string series) =>
        text.Split('\n').Where(l => l.StartsWith(series + " ", StringComparison.Ordinal))
            .Select(l => double.Parse(l[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Single();

    private sealed class ServiceProviderStub : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
