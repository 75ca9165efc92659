using System.Net.Http;
using System.Net.Sockets;

namespace Csnet.E2E.Tests.Harness;

/// <summary>Asks a plugin socket what dockerd asks first; true when csnet answered it.</summary>
public static class PluginSocket
{
    public static bool Answers(string socketPath, TimeSpan timeout)
    {
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        using var client = new HttpClient(handler) { Timeout = timeout };
        try
        {
            // Docker posts with this Accept header and an empty body.
            using var request = new HttpRequestMessage(HttpMethod.Post, "http://plugin/Plugin.Activate");
            request.Headers.Add("Accept", "application/vnd.docker.plugins.v1.2+json");
            using var response = client.Send(request);
            var body = new StreamReader(response.Content.ReadAsStream()).ReadToEnd();
            return response.IsSuccessStatusCode && body.Contains("NetworkDriver", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or TaskCanceledException or IOException)
        {
            return false;
        }
    }
}
