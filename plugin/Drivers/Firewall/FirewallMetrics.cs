using System.Diagnostics.Metrics;
using Csnet.Common.Telemetry;

namespace Csnet.Plugin.Drivers.Firewall;

/// <summary>
/// Repairs of the firewall by what was damaged (csnet_firewall_heals_total; kinds from
/// <see cref="Kernel.Nftables.FirewallDamage"/>). A count that keeps rising means something on the
/// host rewrites the ruleset (a firewall reload, a script with <c>nft flush ruleset</c>).
/// </summary>
public static class FirewallMetrics
{
    public const string HealsName = "csnet.firewall.heals";

    private static readonly Counter<long> Heals = CsnetMeter.Meter.CreateCounter<long>(HealsName);

    private static long _total;
    private static long _lastTicks;

    /// <summary>Heals since the process started, and when the last one was (for csnetctl doctor).</summary>
    public static (long Count, DateTime? Last) SinceStart =>
        (Interlocked.Read(ref _total), Interlocked.Read(ref _lastTicks) is var ticks and > 0 ? new DateTime(ticks, DateTimeKind.Utc) : null);

    public static void Healed(string kind)
    {
        Heals.Add(1, new KeyValuePair<string, object?>("kind", kind));
        Interlocked.Increment(ref _total);
        Interlocked.Exchange(ref _lastTicks, DateTime.UtcNow.Ticks);
    }
}
