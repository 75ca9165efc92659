using System.Net;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Model;

namespace Csnet.Plugin.Drivers.Macvlan;

/// <summary>What the macvlan mode keeps about a network, parsed once from -o options at CreateNetwork.</summary>
public sealed record MacvlanSettings : NetworkSettings
{
    public override string Mode => MacvlanDriver.ModeName;

    public override string? HostLink => Parent;

    /// <summary>The link every endpoint's macvlan child hangs off: -o parent, or csnet's placeholder.</summary>
    public required string Parent { get; init; }

    /// <summary>
    /// Csnet: csnet made the parent (a VLAN sub-interface, shared with every network that names it
    /// and deleted with the last of them; or the placeholder) and recreates it when it vanishes.
    /// Existing: the host's own link, never created or deleted.
    /// </summary>
    public LinkOwner ParentOwner { get; init; }

    /// <summary>The lower link and id when csnet made <see cref="Parent"/> as an 802.1Q VLAN sub-interface.</summary>
    public (string Lower, int Id)? Vlan { get; init; }

    /// <summary>
    /// No -o parent: the parent is a csnet-owned bridge without ports, so the children reach only each
    /// other (Docker makes a dummy link instead, which this kernel may lack). Such a network is internal.
    /// </summary>
    public bool Placeholder { get; init; }

    public MacvlanMode MacvlanMode { get; init; } = MacvlanMode.Bridge;

    /// <summary>com.docker.network.driver.mtu (at most the parent's); null: the children take the parent's.</summary>
    public int? Mtu { get; init; }

    /// <summary>The host shim's link name; null without csnet.host_shim.</summary>
    public string? ShimName { get; init; }

    /// <summary>The shim's addresses, one per family, each inside a subnet of the network.</summary>
    public IReadOnlyList<IPAddress> ShimAddresses { get; init; } = [];

    /// <summary>csnet.probe: addresses are asked for on the LAN before the IPAM hands them out.</summary>
    public bool Probe { get; init; } = true;

    /// <summary>Where the IPAM probes, if anywhere: the parent, unless probing is off or there is no LAN behind it.</summary>
    public string? ProbeLink => Probe && !Placeholder ? Parent : null;
}
