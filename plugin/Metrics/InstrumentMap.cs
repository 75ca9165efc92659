using Csnet.Common.Storage;
using Csnet.Plugin.Drivers.Firewall;
using Csnet.Plugin.Drivers.Reconcile;
using Csnet.Plugin.Endpoints;
using Csnet.Plugin.Kernel.Netlink;
using Csnet.Plugin.Kernel.Nftables;

namespace Csnet.Plugin.Metrics;

/// <summary>
/// How each instrument of the csnet meter is exported: its Prometheus name, help, labels (in the
/// order of the exported series) and the label values known in advance, exported as 0 from the
/// start so a rate over a fresh counter works. An explicit list, not a naming convention: the
/// names are part of csnet's interface (dashboards and alerts use them).
/// </summary>
public sealed record InstrumentMap(string Instrument, string Name, string Help, string[] Labels, IReadOnlyList<string[]>? Known = null)
{
    /// <summary>Request latency buckets, in seconds: a cached answer (0.2 ms) to a slow kernel (10 s).</summary>
    public static readonly double[] LatencyBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    public static readonly IReadOnlyList<InstrumentMap> All =
    [
        new(RequestMetrics.DurationName, "csnet_request_duration_seconds",
            "Plugin requests by method and outcome: duration in seconds (the _count series counts requests)", ["method", "outcome"]),
        new(RepairMetrics.Name, "csnet_reconcile_repairs_total",
            "Repairs by reconcile passes and crash recovery, by kind", ["kind"],
            [.. RepairKind.All.Select(k => new[] { k })]),
        new(FirewallMetrics.HealsName, "csnet_firewall_heals_total",
            "Firewall repairs by what was damaged", ["kind"],
            [.. FirewallDamage.All.Select(k => new[] { k })]),
        new(NetlinkMetrics.ErrorsName, "csnet_netlink_errors_total",
            "Netlink requests the kernel refused, by protocol and errno (some are expected answers: watch the rate)", ["protocol", "errno"]),
        new(StorageMetrics.ErrorsName, "csnet_litedb_errors_total",
            "State database calls that failed, by operation and LiteDB error code", ["operation", "code"]),
    ];
}
