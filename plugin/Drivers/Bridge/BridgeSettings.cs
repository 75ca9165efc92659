using System.Net;
using Csnet.Common.Addressing;
using Csnet.Plugin.Model;

namespace Csnet.Plugin.Drivers.Bridge;

/// <summary>What the bridge mode keeps about a network, parsed once from -o options at CreateNetwork.</summary>
public sealed record BridgeSettings : NetworkSettings
{
    public override string Mode => BridgeDriver.ModeName;

    public override string? HostLink => BridgeName;

    public required string BridgeName { get; init; }

    /// <summary>Csnet: made by csnet, deleted with the network. Existing: adopted, left in place.</summary>
    public LinkOwner BridgeOwner { get; init; }

    /// <summary>com.docker.network.driver.mtu; null keeps the kernel default.</summary>
    public int? Mtu { get; init; }

    /// <summary>com.docker.network.bridge.enable_icc: containers on the bridge may reach each other.</summary>
    public bool Icc { get; init; } = true;

    /// <summary>com.docker.network.bridge.enable_ip_masquerade: off turns NAT off for both families.</summary>
    public bool Masquerade { get; init; } = true;

    public GatewayMode GatewayModeIPv4 { get; init; }

    public GatewayMode GatewayModeIPv6 { get; init; }

    /// <summary>com.docker.network.host_ipv4: SNAT source instead of masquerade; null masquerades.</summary>
    public IPAddress? HostIPv4 { get; init; }

    /// <summary>com.docker.network.host_ipv6: the same for IPv6.</summary>
    public IPAddress? HostIPv6 { get; init; }

    /// <summary>com.docker.network.bridge.host_binding_ipv4: host address for -p without one; 0.0.0.0 is every address.</summary>
    public IPAddress HostBindingIPv4 { get; init; } = IPAddress.Any;

    /// <summary>com.docker.network.container_iface_prefix.</summary>
    public string ContainerIfacePrefix { get; init; } = "eth";

    /// <summary>Gateway addresses csnet put on the bridge (all of them on its own bridge), so delete and restore know what is csnet's.</summary>
    public IReadOnlyList<CidrAddress> GatewaysAdded { get; init; } = [];

    /// <summary>
    /// An adopted bridge's own settings before csnet changed them (route_localnet, disable_ipv6,
    /// accept_ra), put back when the network goes. Empty for csnet's own bridges.
    /// </summary>
    public IReadOnlyDictionary<string, string> AdoptedOriginals { get; init; } = new Dictionary<string, string>();
}
