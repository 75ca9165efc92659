using System.Net;
using System.Net.Sockets;
using Csnet.Common.Addressing;

namespace Csnet.Plugin.Kernel.Nftables;

/// <summary>The rules of one address family of a <see cref="NetworkRules"/>; ignored when the network is sealed.</summary>
public sealed record FamilyRules
{
    public required AddressFamily Family { get; init; }

    /// <summary>The network's subnets of this family (the sources that NAT and hairpin match).</summary>
    public required IReadOnlyList<IpPrefix> Subnets { get; init; }

    /// <summary>Traffic from the subnets leaving by another interface is source-NAT'd.</summary>
    public bool Masquerade { get; init; }

    /// <summary>With <see cref="Masquerade"/>: SNAT to this address instead of the outgoing interface's.</summary>
    public IPAddress? SnatAddress { get; init; }

    /// <summary>
    /// IPv4 only: drop packets from the interface to 127.0.0.0/8. Needed once route_localnet is on
    /// for the interface (loopback-published ports), which would otherwise expose the host's
    /// 127.0.0.1 services to containers.
    /// </summary>
    public bool GuardLoopback { get; init; }

    /// <summary>Host ports DNAT'd to containers.</summary>
    public IReadOnlyList<PortMapping> Ports { get; init; } = [];

    /// <summary>Container ports reachable at the container's own (routed) address from outside.</summary>
    public IReadOnlyList<OpenPort> OpenPorts { get; init; } = [];

    /// <summary>ICMP (ICMPv6) from outside may reach the containers (routed networks).</summary>
    public bool AcceptInboundIcmp { get; init; }
}
