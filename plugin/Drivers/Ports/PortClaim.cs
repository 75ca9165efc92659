using System.Net;
using System.Net.Sockets;
using Csnet.Plugin.Model;

namespace Csnet.Plugin.Drivers.Ports;

/// <summary>
/// One host port to publish, in one family: a port from <see cref="HostPortLow"/> to
/// <see cref="HostPortHigh"/> (0 and 0: any free port of the ephemeral range) on
/// <see cref="HostIp"/> (every address of the family when null). A routed claim takes no host
/// port: the container port is reached at the container's own address.
/// </summary>
public sealed record PortClaim(
    IpProtocol Protocol,
    AddressFamily Family,
    IPAddress? HostIp,
    int ContainerPort,
    int HostPortLow,
    int HostPortHigh,
    bool Routed = false);
