using System.Net;

namespace Csnet.Plugin.Kernel.Nftables;

/// <summary>
/// One published port (<c>docker run -p</c>): connections to <see cref="HostPort"/> on the host are
/// DNAT'd to <see cref="ContainerIp"/>:<see cref="ContainerPort"/>. Each rule it renders carries
/// the comment <c>csnet:&lt;network12&gt;/&lt;endpoint12&gt;</c>.
/// </summary>
public sealed record PortMapping
{
    public const byte Tcp = 6;
    public const byte Udp = 17;
    public const byte Sctp = 132;

    /// <summary>IP protocol number: <see cref="Tcp"/>, <see cref="Udp"/> or <see cref="Sctp"/>.</summary>
    public required byte Protocol { get; init; }

    /// <summary>
    /// The host address the port is bound to; null means every local address. A loopback address
    /// (127.0.0.1) makes the port reachable from the host itself only.
    /// </summary>
    public IPAddress? HostIp { get; init; }

    public required int HostPort { get; init; }
    public required IPAddress ContainerIp { get; init; }
    public required int ContainerPort { get; init; }

    /// <summary>Docker endpoint ID; rules carry its first 12 characters after the network's.</summary>
    public required string EndpointId { get; init; }
}
