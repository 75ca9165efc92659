using System.Net;
using System.Net.Sockets;

namespace Csnet.Plugin.Kernel.Proc;

/// <summary>What the host says about its ports: the ephemeral range and whether a port is free.</summary>
public interface IHostPorts
{
    /// <summary>net.ipv4.ip_local_port_range: where automatic host ports (-p 80) come from.</summary>
    (int Low, int High) EphemeralRange();

    /// <summary>True when no socket on the host holds the port in <paramref name="family"/> (probed by binding it briefly).</summary>
    bool IsFree(int protocol, AddressFamily family, IPAddress? hostIp, int port);
}
