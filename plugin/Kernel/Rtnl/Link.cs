using System.Net.NetworkInformation;

namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>
/// A network interface as rtnetlink sees it. One sealed record per kind; settings the kernel
/// defaults are nullable, and null means "don't send" (on add) or "not reported" (on read).
/// </summary>
public abstract record Link
{
    /// <summary>Interface name, at most 15 bytes (IFNAMSIZ - 1).</summary>
    public required string Name { get; init; }

    /// <summary>Kernel ifindex; 0 for a link that is only a request.</summary>
    public int Index { get; init; }

    public int? Mtu { get; init; }

    public PhysicalAddress? MacAddress { get; init; }

    /// <summary>ifindex of the bridge (or other master) this link is enslaved to.</summary>
    public int? MasterIndex { get; init; }

    /// <summary>IFF_UP as read; on add, true brings the link up in the same request.</summary>
    public bool IsUp { get; init; }

    /// <summary>IFLA_IFALIAS: csnet writes its ownership tag here ("csnet:&lt;network&gt;/&lt;endpoint&gt;").</summary>
    public string? Alias { get; init; }

    /// <summary>
    /// IFLA_GROUP, the interface group (null = the default group 0). Links that share a group can
    /// all be deleted in one RTM_DELLINK (<see cref="RtnlClient.DeleteLinkGroup"/>), which pays the
    /// kernel's per-delete synchronisation once instead of once per link.
    /// </summary>
    public uint? Group { get; init; }

    /// <summary>
    /// Hairpin mode (IFLA_BRPORT_MODE) of the link as a port of the bridge <see cref="MasterIndex"/>
    /// names; on add it rides with the alias in the one change after the create. Null: not sent, or
    /// not read (a link is read back without its port settings; see IRtnl.GetBridgePortHairpin).
    /// </summary>
    public bool? BridgePortHairpin { get; init; }

    /// <summary>IFLA_INFO_KIND, e.g. "bridge", "veth".</summary>
    public abstract string Kind { get; }
}
