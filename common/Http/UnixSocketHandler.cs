using System.Net.Sockets;

namespace Csnet.Common.Http;

/// <summary>An HTTP handler whose every connection is a Unix stream socket (the plugin's, dockerd's).</summary>
public static class UnixSocketHandler
{
    public static SocketsHttpHandler For(string socketPath, int maxConnections = int.MaxValue) => new()
    {
        MaxConnectionsPerServer = maxConnections,
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
