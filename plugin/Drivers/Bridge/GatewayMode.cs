namespace Csnet.Plugin.Drivers.Bridge;

/// <summary>
/// com.docker.network.bridge.gateway_mode_ipv4 / _ipv6, the values Docker 27 introduced: how a
/// family of the network reaches beyond the bridge.
/// </summary>
public enum GatewayMode
{
    /// <summary>"nat" (default): outbound traffic is masqueraded, published ports are DNAT'd host ports.</summary>
    Nat,

    /// <summary>
    /// "routed": no NAT; the subnet must be routed to the host. Published container ports and ICMP
    /// are reachable at the container's own address; other inbound connections are dropped.
    /// </summary>
    Routed,
}
