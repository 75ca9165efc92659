using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Csnet.Plugin.Drivers.Bridge;

/// <summary>
/// Puts csnet's rules back when something removed them (`nft flush ruleset`, a firewall reload,
/// dockerd rebuilding its chains). It verifies once a second instead of watching nftables events:
/// one JSON listing per second costs about a millisecond, catches changes made while csnet was not
/// running (the first check runs at start), and needs no second netlink parser. Repairs stay within
/// the 2 s budget.
/// </summary>
public sealed class FirewallHealer(BridgeFirewall firewall, TimeProvider time, ILogger<FirewallHealer> logger) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

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
