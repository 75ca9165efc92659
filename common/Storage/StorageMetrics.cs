using System.Diagnostics.Metrics;
using Csnet.Common.Telemetry;
using LiteDB;

namespace Csnet.Common.Storage;

/// <summary>LiteDB calls that threw, by operation and LiteDB error code (csnet_litedb_errors_total).</summary>
public static class StorageMetrics
{
    public const string ErrorsName = "csnet.litedb.errors";

    private static readonly Counter<long> Errors = CsnetMeter.Meter.CreateCounter<long>(ErrorsName);

    /// <summary>Counts <paramref name="error"/>; false, so it serves as an exception filter that never catches.</summary>
    public static bool Failed(string operation, Exception error)
    {
        var code = error is LiteException lite ? lite.ErrorCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none";
        Errors.Add(1, new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("code", code));
        return false;
    }
}
