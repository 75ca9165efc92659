using System.Net.Sockets;
using System.Text.Json;

namespace Csnet.Plugin.Ctl;

/// <summary>
/// Network names, which Docker never tells a driver: csnetctl asks the Docker Engine API itself. This
/// runs in the user's command, never in the plugin and never while Docker waits for an answer, so it
/// cannot deadlock the daemon; without Docker (no socket, no answer within 2 s) names are simply unknown.
/// </summary>
public static class DockerNames
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <summary>The Docker socket csnetctl asks: DOCKER_HOST when it is unix://, CSNET_DOCKER_SOCKET, else /var/run/docker.sock.</summary>
    public static string DefaultSocket(Func<string, string?> environment) =>
        environment("DOCKER_HOST") is { } host && host.StartsWith("unix://", StringComparison.Ordinal) ? host["unix://".Length..]
        : environment("CSNET_DOCKER_SOCKET") is { Length: > 0 } csnet ? csnet
        : "/var/run/docker.sock";

    /// <summary>Network id → name, or null when Docker cannot be asked ("none" asks nothing).</summary>
    public static async Task<IReadOnlyDictionary<string, string>?> ReadAsync(string socketPath, CancellationToken cancellationToken)
    {
        if (socketPath == "none" || !File.Exists(socketPath))
            return null;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        using var client = new HttpClient(Csnet.Common.Http.UnixSocketHandler.For(socketPath));
        try
        {
            using var list = JsonDocument.Parse(await client.GetStringAsync("http://docker/v1.41/networks", deadline.Token));
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var network in list.RootElement.EnumerateArray())
            {
                if (network.TryGetProperty("Id", out var id) && network.TryGetProperty("Name", out var name) && id.GetString() is { } key)
                    names[key] = name.GetString() ?? "";
            }
            return names;
        }
        catch (Exception error) when (error is HttpRequestException or SocketException or IOException or JsonException or OperationCanceledException or InvalidOperationException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return null;
        }
    }

    /// <summary>
    /// The id a user meant by <paramref name="reference"/>: a whole name first (as the docker CLI reads
    /// it), else, when no id starts with it, a name only one network starts with; null otherwise
    /// (then it is taken as an id prefix).
    /// </summary>
    public static string? Resolve(IReadOnlyDictionary<string, string>? names, string reference)
    {
        if (names is null)
            return null;
        if (names.FirstOrDefault(n => n.Value == reference) is { Key: { } exact })
            return exact;
        // An id prefix wins over a name prefix, as ids are what csnet itself answers to.
        if (names.Keys.Any(id => id.StartsWith(reference, StringComparison.OrdinalIgnoreCase)))
            return null;
        var prefixed = names.Where(n => n.Value.StartsWith(reference, StringComparison.Ordinal)).ToList();
        return prefixed.Count == 1 ? prefixed[0].Key : null;
    }
}
