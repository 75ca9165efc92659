using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Csnet.Bench.Plugin;

/// <summary>Posts plugin-protocol requests to a Unix socket the way dockerd does (keep-alive HTTP/1.1, no Content-Type).</summary>
public sealed class PluginClient : IDisposable
{
    private readonly HttpClient _http;

    public PluginClient(string socketPath)
    {
        // One connection per concurrent caller, as Go's client keeps them.
        var handler = Csnet.Common.Http.UnixSocketHandler.For(socketPath, maxConnections: 256);
        _http = new HttpClient(handler) { BaseAddress = new Uri("http://plugin.moby.localhost"), Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>The answer's JSON; throws with the plugin's Err text for anything but HTTP 200.</summary>
    public async Task<JsonElement> PostAsync(string path, string body)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Add("Accept", "application/vnd.docker.plugins.v1.2+json");
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{path}: HTTP {(int)response.StatusCode}: {text}");
        }

        using var document = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        return document.RootElement.Clone();
    }

    public void Dispose() => _http.Dispose();
}
