using Microsoft.Extensions.Logging;

namespace Csnet.Plugin.Drivers.Steps;

internal static partial class StepLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "{Operation}: step {Step} failed; undoing the finished steps")]
    public static partial void StepFailed(this ILogger logger, string operation, string step, Exception error);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "{Operation}: undo of step {Step} failed; a kernel object may be left behind")]
    public static partial void UndoFailed(this ILogger logger, string operation, string step, Exception error);
}
