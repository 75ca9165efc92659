using Prometheus;

namespace Csnet.Plugin.Metrics;

/// <summary>
/// The plugin's own Prometheus registry (not prometheus-net's static default one, which would add
/// .NET event-counter adapters nobody asked for and be shared by every plugin a test process
/// hosts): csnet's instruments, the state gauges and csnet_build_info.
/// </summary>
public sealed class MetricsRegistry : IDisposable
{
    private readonly MeterBridge _bridge;

    /// <param name="views">Resolved at the first scrape: the registry starts listening before the state is open.</param>
    public MetricsRegistry(Func<Admin.AdminViewBuilder> views)
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        _bridge = new MeterBridge(Registry);
        _ = new StateGauges(Registry, new Lazy<Admin.AdminViewBuilder>(views));
        Prometheus.Metrics.WithCustomRegistry(Registry)
            .CreateGauge("csnet_build_info", "The running csnet's version (value 1)", ["version"])
            .WithLabels(Ctl.CtlVersion.Current).Set(1);
    }

    public CollectorRegistry Registry { get; }

    public void Dispose() => _bridge.Dispose();
}
