using System.Net.Sockets;

namespace Csnet.Plugin.Ctl;

/// <summary>GETs csnet's admin routes over its Unix socket (the database is the running plugin's alone).</summary>
public sealed class AdminClient(string socketPath) : IDisposable
{
    private readonly HttpClient _http = new(Csnet.Common.Http.UnixSocketHandler.For(socketPath))
    {
        BaseAddress = new Uri("http://csnet"),
        Timeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>The status and body of GET <paramref name="path"/>; throws <see cref="UnreachableException"/> when no csnet answers.</summary>
    public async Task<(int Status, string Body)> GetAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync(path, cancellationToken);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException or TaskCanceledException)
        {
            throw new UnreachableException($"cannot reach csnet at {socketPath}: {e.Message} (is it running? the managed plugin's socket is /run/docker/plugins/<plugin id>/csnet.sock; give it with --socket)");
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>No csnet answered on the socket (exit code 2).</summary>
public sealed class UnreachableException(string message) : Exception(message);
