using System.Net;
using Csnet.Plugin.Model;

namespace Csnet.Plugin.Drivers;

/// <summary>
/// One entry of com.docker.network.portmap, typed: <c>-p [HostIp:]HostPortStart[-HostPortEnd]:ContainerPort/proto</c>.
/// HostIp is null when the user gave none; HostPortStart 0 asks for any free port.
/// </summary>
public sealed record PortRequest(IpProtocol Protocol, IPAddress? HostIp, int ContainerPort, int HostPortStart, int HostPortEnd);
