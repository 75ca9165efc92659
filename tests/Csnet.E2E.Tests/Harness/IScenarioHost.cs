namespace Csnet.E2E.Tests.Harness;

/// <summary>
/// What a <see cref="TestScope"/> needs from the fixture that runs its dockerd: the suite's
/// (<see cref="E2EFixture"/>, csnet as a plain process) or the managed plugin's
/// (<see cref="ManagedPluginFixture"/>, csnet started by dockerd).
/// </summary>
public interface IScenarioHost
{
    /// <summary>Null when dockerd runs; otherwise why every scenario skips.</summary>
    string? DockerUnavailableReason { get; }

    /// <summary>Null when csnet serves; otherwise why csnet scenarios skip.</summary>
    string? PluginUnavailableReason { get; }

    /// <summary>The version of the dockerd under test (0.0 when none runs), for version-specific reference expectations.</summary>
    Version DaemonVersion { get; }

    CommandResult Docker(TimeSpan timeout, params string[] args);

    /// <summary>Where the logs stand now, so a failing scenario can show only its own part.</summary>
    (long Daemon, long Plugin) LogPositions();

    string Diagnostics(bool includePlugin, (long Daemon, long Plugin) since = default);

    void MarkFailure();

    /// <summary>A line for the suite log (.e2e/last-run.log): figures worth keeping past the run, such as recovery times.</summary>
    void Note(string message);
}
