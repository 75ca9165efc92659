using Csnet.Plugin.Errors;
using Csnet.Plugin.Kernel.Netlink;
using Csnet.Plugin.Kernel.Nftables;
using Microsoft.Extensions.Logging;

namespace Csnet.Plugin.Drivers.Steps;

/// <summary>
/// Runs steps in order. On failure (or cancellation between steps) it undoes the finished steps
/// in reverse, so a failed call leaves no half-made links, rules or records.
/// </summary>
public sealed class StepRunner(ILogger<StepRunner> logger, FaultPoints? faults = null)
{
    public void Run(string operation, IReadOnlyList<SetupStep> steps, CancellationToken cancellationToken = default)
    {
        var done = new Stack<SetupStep>();
        foreach (var step in steps)
        {
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                step.Apply();
                done.Push(step);
                faults?.Reached(operation, step.Name);
            }
            catch (Exception error)
            {
                logger.StepFailed(operation, step.Name, error);
                while (done.TryPop(out var finished))
                {
                    try
                    {
                        finished.Undo();
                    }
                    catch (Exception undoError)
                    {
                        logger.UndoFailed(operation, finished.Name, undoError);
                    }
                }
                throw Describe(operation, step.Name, error);
            }
        }
    }

    private static Exception Describe(string operation, string step, Exception error) => error switch
    {
        CsnetException => error,
        OperationCanceledException => error,
        NetlinkException or NftablesException =>
            new CsnetException(ErrorKind.Kernel, $"{operation} failed at step {step}: {error.Message}", error),
        _ => error,
    };
}
