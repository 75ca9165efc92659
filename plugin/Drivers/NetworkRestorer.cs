using Csnet.Plugin.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Csnet.Plugin.Drivers;

/// <summary>
/// Once at start, after the socket answers: rebuilds stored networks the host lost (a reboot wipes
/// bridges, never csnet's database). Requests that arrive meanwhile wait on the network's lock.
/// </summary>
public sealed partial class NetworkRestorer(NetworkController controller, ILogger<NetworkRestorer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        foreach (var (networkId, error) in await controller.RestoreAllAsync(stoppingToken))
            RestoreFailed(logger, DockerId.Short(networkId), error);
    }

    [LoggerMessage(EventId = 2300, Level = LogLevel.Error, Message = "Network {NetworkId} could not be restored at start; its containers will fail to start until it is")]
    private static partial void RestoreFailed(ILogger logger, string networkId, Exception error);
}
