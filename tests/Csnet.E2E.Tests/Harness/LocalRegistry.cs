using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace Csnet.E2E.Tests.Harness;

/// <summary>
/// Debian's docker-registry (distribution 2.8) on 127.0.0.1 with its storage in the run's temp
/// folder; started by a scenario and stopped by Dispose. Docker talks plain HTTP to 127.0.0.0/8
/// registries without --insecure-registry.
/// </summary>
public sealed class LocalRegistry : IDisposable
{
    public const string Binary = "/usr/bin/docker-registry";

    private readonly Process _process;

    private LocalRegistry(Process process, string address)
    {
        _process = process;
        Address = address;
    }

    /// <summary>host:port, as it goes in front of a plugin reference.</summary>
    public string Address { get; }

    /// <summary>The reason a registry cannot run here, or null.</summary>
    public static string? Unavailable() =>
        File.Exists(Binary) ? null : $"{Binary} not found; run tests/e2e/install-deps.sh (Debian package docker-registry)";

    public static LocalRegistry Start(string root)
    {
        var storage = Path.Combine(root, "registry");
        Directory.CreateDirectory(storage);
        var address = $"127.0.0.1:{FreePort()}";
        var config = Path.Combine(root, "registry.yml");
        File.WriteAllText(config, $"version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: {storage}\nhttp:\n  addr: {address}\n");
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("exec \"$0\" serve \"$1\" >>\"$2\" 2>&1 </dev/null");
        psi.ArgumentList.Add(Binary);
        psi.ArgumentList.Add(config);
        psi.ArgumentList.Add(Path.Combine(root, "registry.log"));
        var registry = new LocalRegistry(Process.Start(psi) ?? throw new InvalidOperationException("cannot start docker-registry"), address);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (http.GetAsync($"http://{address}/v2/").Result.StatusCode == HttpStatusCode.OK)
                {
                    return registry;
                }
            }
            catch (AggregateException)
            {
            }
            Thread.Sleep(200);
        }
        registry.Dispose();
        throw new InvalidOperationException($"docker-registry did not answer on {address} within 20 s; see {root}/registry.log");
    }

    /// <summary>The compressed size of a pushed plugin: its layers and config, as the manifest lists them.</summary>
    public long PushedBytes(string repository, string tag)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{Address}/v2/{repository}/manifests/{tag}");
        request.Headers.Add("Accept", "application/vnd.docker.distribution.manifest.v2+json");
        var manifest = http.Send(request).Content.ReadAsStringAsync().Result;
        using var json = System.Text.Json.JsonDocument.Parse(manifest);
        return json.RootElement.GetProperty("layers").EnumerateArray().Sum(l => l.GetProperty("size").GetInt64())
            + json.RootElement.GetProperty("config").GetProperty("size").GetInt64();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Native.Signal(_process.Id, Native.SIGTERM);
            if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                Native.Signal(_process.Id, Native.SIGKILL);
                _process.WaitForExit(TimeSpan.FromSeconds(5));
            }
        }
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
