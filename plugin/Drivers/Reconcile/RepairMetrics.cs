using System.Diagnostics.Metrics;
using Csnet.Common.Telemetry;

namespace Csnet.Plugin.Drivers.Reconcile;

/// <summary>
/// What reconcile passes and crash recovery changed, by kind (csnet_reconcile_repairs_total). Each
/// count sits beside the warning that explains it, so the log says which object and the metric how often.
/// </summary>
public static class RepairMetrics
{
    public const string Name = "csnet.reconcile.repairs";

    private static readonly Counter<long> Repairs = CsnetMeter.Meter.CreateCounter<long>(Name);

    public static void Count(string kind) => Repairs.Add(1, new KeyValuePair<string, object?>("kind", kind));
}

/// <summary>The kinds of <see cref="RepairMetrics"/>: the label values, in Prometheus' snake case.</summary>
public static class RepairKind
{
    public const string BridgeRebuilt = "bridge_rebuilt";
    public const string VethReattached = "veth_reattached";
    public const string StaleEndpointDeleted = "stale_endpoint_deleted";
    public const string HostSettingRestored = "host_setting_restored";
    public const string CrashRecovered = "crash_recovered";
    public const string ParentRecreated = "parent_recreated";
    public const string ParentRetagged = "parent_retagged";
    public const string ShimRebuilt = "shim_rebuilt";
    public const string ShimRouteRemoved = "shim_route_removed";
    public const string ForgottenNetworkDeleted = "forgotten_network_deleted";
    public const string OrphanLinkDeleted = "orphan_link_deleted";
    public const string AddressReclaimed = "address_reclaimed";
    public const string PoolReclaimed = "pool_reclaimed";

    public static readonly IReadOnlyList<string> All =
    [
        BridgeRebuilt, VethReattached, StaleEndpointDeleted, HostSettingRestored, CrashRecovered, ParentRecreated, ParentRetagged,
        ShimRebuilt, ShimRouteRemoved, ForgottenNetworkDeleted, OrphanLinkDeleted, AddressReclaimed, PoolReclaimed,
    ];
}
