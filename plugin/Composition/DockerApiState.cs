using System.Net.Sockets;
using System.Text.Json;
using Csnet.Plugin.Drivers.Reconcile;

namespace Csnet.Plugin.Composition;

/// <summary>
/// <see cref="IDockerState"/> over the Docker Engine API on its Unix socket (CSNET_DOCKER_SOCKET,
/// /var/run/docker.sock by default; "none" turns it off). API version 1.41 is what dockerd 20.10
/// speaks and every later daemon still accepts. Any failure, timeout or missing socket is "Docker
/// cannot be asked": the reconcile then judges by the kernel alone.
/// </summary>
public sealed class DockerApiState(string? socketPath) : IDockerState
{
    private const string Api = "http://docker/v1.41";

    public async Task<DockerView?> ReadAsync(IReadOnlyCollection<string> networkIds, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(socketPath) || socketPath == "none" || !File.Exists(socketPath))
            return null;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var client = Client(socketPath);
        try
        {
            using var list = JsonDocument.Parse(await client.GetStringAsync($"{Api}/networks", deadline.Token));
            var ids = new HashSet<string>(StringComparer.Ordinal);
            var subnets = new HashSet<string>(StringComparer.Ordinal);
            foreach (var network in list.RootElement.EnumerateArray())
            {
                ids.Add(network.GetProperty("Id").GetString() ?? "");
                if (network.TryGetProperty("IPAM", out var ipam) && ipam.TryGetProperty("Config", out var config) && config.ValueKind == JsonValueKind.Array)
                {
                    foreach (var entry in config.EnumerateArray())
                    {
                        if (entry.TryGetProperty("Subnet", out var subnet) && subnet.GetString() is { Length: > 0 } text)
                            subnets.Add(text);
                    }
                }
            }

            var endpoints = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
            foreach (var id in networkIds.Where(ids.Contains))
            {
                using var inspect = JsonDocument.Parse(await client.GetStringAsync($"{Api}/networks/{id}", deadline.Token));
                var listed = new HashSet<string>(StringComparer.Ordinal);
                if (inspect.RootElement.TryGetProperty("Containers", out var containers) && containers.ValueKind == JsonValueKind.Object)
                {
                    foreach (var container in containers.EnumerateObject())
                    {
                        if (container.Value.TryGetProperty("EndpointID", out var endpoint) && endpoint.GetString() is { Length: > 0 } endpointId)
                            listed.Add(endpointId);
                    }
                }
                endpoints[id] = listed;
            }
            return new DockerView(ids, subnets, endpoints);
        }
        catch (Exception error) when (error is HttpRequestException or SocketException or IOException or JsonException or OperationCanceledException or InvalidOperationException or KeyNotFoundException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return null;
        }
    }

    private static HttpClient Client(string socketPath) => new(Csnet.Common.Http.UnixSocketHandler.For(socketPath));
}
