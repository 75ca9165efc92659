using System.Net;

namespace Csnet.Plugin.Kernel.Nftables;

/// <summary>
/// One published port (<c>docker run -p</c>): connections to <see cref="HostPort"/> on the host are
/// DNAT'd to <see cref="ContainerIp"/>:<see cref="ContainerPort"/>. Its rules carry <see cref="Tag"/>.
/// </summary>
public sealed record PortMapping
{
    public const byte Tcp = 6;
    public const byte Udp = 17;
    public const byte Sctp = 132;

    /// <summary>IP protocol number: <see cref="Tcp"/>, <see cref="Udp"/> or <see cref="Sctp"/>.</summary>
    public required byte Protocol { get; init; }

    /// <summary>
    /// The host address the port is bound to; null means every local address of the family. A
    /// loopback address (127.0.0.1) makes the port reachable from the host itself only.
    /// </summary>
    public IPAddress? HostIp { get; init; }

    public required int HostPort { get; init; }
    public required IPAddress ContainerIp { get; init; }
    public required int ContainerPort { get; init; }

    /// <summary>The comment of its rules (the endpoint's ownership tag).</summary>
    public required string Tag { get; init; }
}
