using System.Diagnostics.Metrics;
using Csnet.Common.Telemetry;
using Csnet.Plugin.Errors;

namespace Csnet.Plugin.Endpoints;

/// <summary>
/// Every request's duration by method and outcome (csnet_request_duration_seconds; its _count is
/// requests by method and outcome). Outcomes are a short fixed list, never an error's text, so the
/// number of series stays bounded.
/// </summary>
public static class RequestMetrics
{
    public const string DurationName = "csnet.request.duration";

    public const string Ok = "ok";
    public const string NotImplemented = "not_implemented";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public const string Internal = "internal_error";

    private static readonly Histogram<double> Duration = CsnetMeter.Meter.CreateHistogram<double>(DurationName, "s");

    public static string OutcomeOf(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidOption => "invalid_option",
        ErrorKind.InvalidRequest => "invalid_request",
        ErrorKind.NotFound => "not_found",
        ErrorKind.Conflict => "conflict",
        ErrorKind.Exhausted => "exhausted",
        ErrorKind.NotSupported => "not_supported",
        ErrorKind.Kernel => "kernel_error",
        _ => Failed,
    };

    /// <summary>
    /// Docker's methods by name (Plugin.Activate, NetworkDriver.Join, IpamDriver.RequestAddress…);
    /// csnet's own routes and anything else by family, since their paths carry ids.
    /// </summary>
    public static string MethodLabel(string path) =>
        path.StartsWith("Plugin.", StringComparison.Ordinal) || path.StartsWith("NetworkDriver.", StringComparison.Ordinal)
            || path.StartsWith("IpamDriver.", StringComparison.Ordinal)
            ? (path.Contains('/') || path.Length > 64 ? "other" : path)
            : path.StartsWith("csnet/", StringComparison.Ordinal) ? "admin"
            : path == "metrics" ? "metrics"
            : "other";

    public static void Record(string method, string outcome, double seconds) =>
        Duration.Record(seconds, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("outcome", outcome));
}
