using System.Net;
using System.Net.Sockets;

namespace Csnet.Plugin.Model;

/// <summary>
/// One published port as csnet allocated it, in one address family: connections to
/// <see cref="HostPort"/> on <see cref="HostIp"/> (every host address of <see cref="Family"/> when
/// null) go to the endpoint's address of that family, port <see cref="ContainerPort"/>.
/// </summary>
public sealed record PublishedPort(IpProtocol Protocol, AddressFamily Family, IPAddress? HostIp, int HostPort, int ContainerPort);
