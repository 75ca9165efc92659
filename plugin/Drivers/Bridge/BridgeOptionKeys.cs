namespace Csnet.Plugin.Drivers.Bridge;

/// <summary>Option names, spelled as Docker's built-in bridge driver spells them so users switch with -d alone.</summary>
public static class BridgeOptionKeys
{
    public const string Mode = "mode";
    public const string BridgeName = "com.docker.network.bridge.name";
    public const string Mtu = "com.docker.network.driver.mtu";
    public const string EnableIpMasquerade = "com.docker.network.bridge.enable_ip_masquerade";
    public const string EnableIcc = "com.docker.network.bridge.enable_icc";
    public const string HostBindingIpv4 = "com.docker.network.bridge.host_binding_ipv4";
    public const string ContainerIfacePrefix = "com.docker.network.container_iface_prefix";

    /// <summary>Source address for outbound traffic: SNAT to it instead of masquerade.</summary>
    public const string HostIpv4 = "com.docker.network.host_ipv4";
    public const string HostIpv6 = "com.docker.network.host_ipv6";

    /// <summary>nat (default) or routed, per family (Docker 27).</summary>
    public const string GatewayModeIpv4 = "com.docker.network.bridge.gateway_mode_ipv4";
    public const string GatewayModeIpv6 = "com.docker.network.bridge.gateway_mode_ipv6";

    /// <summary>Docker bridge options csnet does not implement yet: named as such instead of "unknown".</summary>
    public static readonly IReadOnlySet<string> NotYetSupported = new HashSet<string>
    {
        "com.docker.network.bridge.inhibit_ipv4",
        "com.docker.network.bridge.trusted_host_interfaces",
        "com.docker.network.bridge.default_bridge",
    };
}
