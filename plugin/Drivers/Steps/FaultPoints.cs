using Microsoft.Extensions.Logging;

namespace Csnet.Plugin.Drivers.Steps;

/// <summary>
/// Crash tests: with CSNET_FAULT_EXIT_AT=Operation:Point (e.g. CreateEndpoint:CreateVeth) the
/// process kills itself with SIGKILL right after that point, as a crash would: no undo, no shutdown.
/// Off unless the variable is set; only tests set it.
/// </summary>
public sealed partial class FaultPoints(string? exitAt, ILogger<FaultPoints> logger)
{
    public bool Enabled => !string.IsNullOrEmpty(exitAt);

    public void Reached(string operation, string point)
    {
        if (!Enabled || exitAt != $"{operation}:{point}")
            return;
        Killing(logger, exitAt!);
        System.Diagnostics.Process.GetCurrentProcess().Kill();
        Thread.Sleep(Timeout.Infinite);
    }

    [LoggerMessage(EventId = 2900, Level = LogLevel.Critical, Message = "Fault injection: killing csnet after {Point} (CSNET_FAULT_EXIT_AT)")]
    private static partial void Killing(ILogger logger, string point);
}
