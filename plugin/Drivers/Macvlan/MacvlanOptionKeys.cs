namespace Csnet.Plugin.Drivers.Macvlan;

/// <summary>Option names of the macvlan mode: Docker's macvlan driver's, plus csnet's own under "csnet.".</summary>
public static class MacvlanOptionKeys
{
    public const string Mode = "mode";

    /// <summary>The host link the containers' macvlan children hang off; "eth0.10" makes csnet create VLAN 10 on eth0.</summary>
    public const string Parent = "parent";

    /// <summary>bridge (default), private, vepa or passthru, as Docker's macvlan driver spells them.</summary>
    public const string MacvlanMode = "macvlan_mode";

    /// <summary>At most the parent's MTU; children follow the parent without it.</summary>
    public const string Mtu = "com.docker.network.driver.mtu";

    /// <summary>An address per family (comma-separated) for a host-side macvlan child that lets the host reach the containers.</summary>
    public const string HostShim = "csnet.host_shim";

    /// <summary>false turns off probing addresses on the LAN before the IPAM hands them out.</summary>
    public const string Probe = "csnet.probe";

    public static readonly IReadOnlyList<string> Known = [Mode, Parent, MacvlanMode, Mtu, HostShim, Probe];
}
