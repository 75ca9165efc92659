namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>One end of a veth pair (IFLA_INFO_KIND "veth"). On add, the peer is created too.</summary>
public sealed record VethLink : Link
{
    public override string Kind => "veth";

    /// <summary>Name of the other end (VETH_INFO_PEER); required on add, may be null when read.</summary>
    public string? PeerName { get; init; }

    /// <summary>MTU for the peer on add; null uses <see cref="Link.Mtu"/>.</summary>
    public int? PeerMtu { get; init; }

    /// <summary>MAC for the peer on add; null lets the kernel pick one.</summary>
    public System.Net.NetworkInformation.PhysicalAddress? PeerMacAddress { get; init; }
}
