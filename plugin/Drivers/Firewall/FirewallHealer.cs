using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Csnet.Plugin.Drivers.Firewall;

/// <summary>
/// Puts csnet's rules back when something removed them (`nft flush ruleset`, a firewall reload,
/// dockerd rebuilding its chains). It verifies twice a second instead of watching nftables events:
/// an idle check compares the kept set of wanted rules (see <see cref="FirewallSync"/>) with the
/// ruleset generation, one small netlink round trip; it catches changes made while csnet was not
/// running (the first check runs at start), and needs no second netlink parser. Repairs stay within
/// a 2 s budget with room to spare on a busy host.
/// </summary>
public sealed class FirewallHealer(FirewallSync firewall, TimeProvider time, ILogger<FirewallHealer> logger) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting (the socket must answer first), then check at once.
        await Task.Yield();
        using var timer = new PeriodicTimer(Period, time);
        do
        {
            try
            {
                firewall.Heal();
            }
            catch (Exception error)
            {
                logger.FirewallRepairFailed(error);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
