using System.Diagnostics.Metrics;

namespace Csnet.Common.Telemetry;

/// <summary>
/// The one meter every layer counts on (the BCL's System.Diagnostics.Metrics, so the kernel, state
/// and driver layers depend on no exporter). The plugin's composition turns its instruments into
/// Prometheus metrics (plugin/Metrics); a process that exports nothing pays a null check per count.
/// </summary>
public static class CsnetMeter
{
    public const string Name = "csnet";

    public static readonly Meter Meter = new(Name);
}
