using Csnet.Plugin.Admin;
using Csnet.Plugin.Model;
using Prometheus;

namespace Csnet.Plugin.Metrics;

/// <summary>
/// Gauges read from csnet's records at each scrape (the same views csnetctl shows): endpoints per
/// network, addresses used and usable per pool. Series of networks and pools that are gone are
/// removed, so a deleted network does not linger at its last value.
/// </summary>
public sealed class StateGauges
{
    private readonly Lazy<AdminViewBuilder> _views;
    private readonly Gauge _networks;
    private readonly Gauge _endpoints;
    private readonly Gauge _used;
    private readonly Gauge _usable;

    public StateGauges(CollectorRegistry registry, Lazy<AdminViewBuilder> views)
    {
        _views = views;
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _networks = factory.CreateGauge("csnet_networks", "Networks csnet holds, by mode", ["mode"]);
        _endpoints = factory.CreateGauge("csnet_network_endpoints", "Endpoints of each network", ["network", "mode"]);
        _used = factory.CreateGauge("csnet_ipam_pool_used_addresses", "Addresses handed out in each pool (gateway, containers, aux addresses)", ["pool", "network"]);
        _usable = factory.CreateGauge("csnet_ipam_pool_usable_addresses", "Addresses each pool can hand out", ["pool", "network"]);
        registry.AddBeforeCollectCallback(Update);
    }

    private void Update()
    {
        var networks = _views.Value.Networks();
        Set(_networks, networks.GroupBy(n => n.Mode).Select(g => (new[] { g.Key }, (double)g.Count())));
        Set(_endpoints, networks.Select(n => (new[] { DockerId.Short(n.Id), n.Mode }, (double)n.Endpoints)));
        var pools = _views.Value.Pools();
        Set(_used, pools.Select(p => (Labels(p), (double)p.Used)));
        Set(_usable, pools.Select(p => (Labels(p), (double)p.Usable)));
    }

    private static string[] Labels(PoolView pool) => [pool.SubPool ?? pool.Pool, pool.NetworkId is { } id ? DockerId.Short(id) : ""];

    private static void Set(Gauge gauge, IEnumerable<(string[] Labels, double Value)> series)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (labels, value) in series)
        {
            gauge.WithLabels(labels).Set(value);
            seen.Add(string.Join('\0', labels));
        }
        foreach (var labels in gauge.GetAllLabelValues().ToList())
        {
            if (!seen.Contains(string.Join('\0', labels)))
                gauge.RemoveLabelled(labels);
        }
    }
}
