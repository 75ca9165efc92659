namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>A Linux bridge (IFLA_INFO_KIND "bridge").</summary>
public sealed record BridgeLink : Link
{
    public override string Kind => "bridge";

    /// <summary>IFLA_BR_VLAN_FILTERING; null leaves the kernel default.</summary>
    public bool? VlanFiltering { get; init; }
}
