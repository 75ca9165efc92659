using Csnet.E2E.Tests.Harness;

namespace Csnet.Bench.Docker;

/// <summary>
/// The e2e suite's setting for a benchmark: an isolated dockerd (own data root, exec root and socket,
/// --dns 127.0.0.1, FORWARD policy DROP), the busybox image imported from busybox-static, and csnet
/// from the build on the legacy socket. Dispose stops both and puts the host back as it was.
/// </summary>
public sealed class EngineUnderTest : IDisposable
{
    private readonly string _root;
    private readonly HostState _host;

    private EngineUnderTest(string root, HostState host, DockerDaemon daemon, PluginProcess plugin)
    {
        _root = root;
        _host = host;
        Daemon = daemon;
        Plugin = plugin;
    }

    public DockerDaemon Daemon { get; }

    public PluginProcess Plugin { get; }

    public static EngineUnderTest Start(string pluginBinary)
    {
        var host = HostState.Capture();
        var root = Directory.CreateTempSubdirectory("csnet-bench-engine-").FullName;
        var daemon = new DockerDaemon(root, Log);
        var plugin = new PluginProcess(pluginBinary, root, Log, environment: new Dictionary<string, string>
        {
            // As in production: Docker's API for the background reconcile pass, its default period.
            ["CSNET_DOCKER_SOCKET"] = daemon.Socket,
        });
        var engine = new EngineUnderTest(root, host, daemon, plugin);
        try
        {
            daemon.StartForScenarios();
            BusyboxImage.Import(daemon, root);
            if (plugin.TryStart() is { } reason)
            {
                throw new InvalidOperationException("csnet did not start: " + reason);
            }

            return engine;
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Plugin.Stop();
        Daemon.Stop();
        foreach (var line in _host.Restore())
        {
            Log(line);
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException e)
        {
            Log($"could not remove {_root}: {e.Message}");
        }
    }

    private static void Log(string line) => Console.Error.WriteLine($"[engine {DateTime.UtcNow:HH:mm:ss.fff}] {line}");
}
