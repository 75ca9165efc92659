using System.Diagnostics.Metrics;
using System.Globalization;
using Csnet.Common.Telemetry;

namespace Csnet.Plugin.Kernel.Netlink;

/// <summary>
/// Requests the kernel refused (an NLMSG_ERROR or NLMSG_DONE carrying an errno), by netlink
/// protocol and errno number (csnet_netlink_errors_total). Some refusals are expected answers (a
/// lookup of a link that is gone): a rise, not the level, is what to watch.
/// </summary>
public static class NetlinkMetrics
{
    public const string ErrorsName = "csnet.netlink.errors";

    private static readonly Counter<long> Errors = CsnetMeter.Meter.CreateCounter<long>(ErrorsName);

    /// <summary>Counts a refusal; false, so it serves as an exception filter that never catches.</summary>
    public static bool Refused(int protocol, NetlinkException error)
    {
        Errors.Add(1,
            new KeyValuePair<string, object?>("protocol", protocol switch { NetlinkSocket.NETLINK_ROUTE => "route", NetlinkSocket.NETLINK_NETFILTER => "netfilter", _ => protocol.ToString(CultureInfo.InvariantCulture) }),
            new KeyValuePair<string, object?>("errno", error.Errno.ToString(CultureInfo.InvariantCulture)));
        return false;
    }
}
