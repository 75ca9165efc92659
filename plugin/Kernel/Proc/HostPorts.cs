using System.Net;
using System.Net.Sockets;

namespace Csnet.Plugin.Kernel.Proc;

/// <summary>
/// Probes host ports by binding a socket for a moment. A program (docker-proxy, a web server)
/// that holds the port makes the bind fail, so csnet never publishes over someone else's port.
/// </summary>
public sealed class HostPorts : IHostPorts
{
    private const string Range = "/proc/sys/net/ipv4/ip_local_port_range";

    public (int Low, int High) EphemeralRange()
    {
        var parts = File.ReadAllText(Range).Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2 && int.TryParse(parts[0], out var low) && int.TryParse(parts[1], out var high) && low <= high
            ? (low, high)
            : (32768, 60999);
    }

    public bool IsFree(int protocol, AddressFamily family, IPAddress? hostIp, int port)
    {
        var (type, proto) = protocol switch
        {
            6 => (SocketType.Stream, ProtocolType.Tcp),
            17 => (SocketType.Dgram, ProtocolType.Udp),
            // .NET has no SCTP socket type; csnet's own records are the only check for SCTP.
            _ => (SocketType.Unknown, ProtocolType.Unknown),
        };
        if (type == SocketType.Unknown)
            return true;
        try
        {
            using var socket = new Socket(family, type, proto);
            if (family == AddressFamily.InterNetworkV6)
            {
                // [::]:80 is a port of its own; a dual-stack probe would also test 0.0.0.0:80.
                socket.DualMode = false;
            }
            socket.Bind(new IPEndPoint(hostIp ?? (family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any), port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
