namespace Csnet.E2E.Tests.Harness;

/// <summary>kill -9 at a named step (CSNET_FAULT_EXIT_AT), then a restart, as a crash and a supervisor would do it.</summary>
public static class FaultInjection
{
    /// <summary>
    /// Runs <paramref name="call"/> against a csnet that kills itself at <paramref name="point"/>,
    /// starts csnet again (without the fault) as soon as it is gone, and returns the call's result.
    /// </summary>
    public static CommandResult CrashDuring(E2EFixture fixture, TestScope t, string point, Func<CommandResult> call)
    {
        var reason = fixture.RestartPluginWithFault(point);
        if (reason is not null)
        {
            t.Fail($"csnet did not start with CSNET_FAULT_EXIT_AT={point}: {reason}");
        }
        Task<CommandResult> running;
        try
        {
            running = Task.Run(call);
            t.Check(fixture.WaitForPluginExit(TimeSpan.FromSeconds(60)), $"csnet did not kill itself at {point}");
        }
        finally
        {
            reason = fixture.RestartPlugin();
            if (reason is not null)
            {
                t.Fail("csnet did not restart after the fault: " + reason);
            }
        }
        var result = running.Result;
        t.Log($"{point}: the docker command {(result.Succeeded ? "succeeded" : "failed")} after the crash");
        return result;
    }
}
