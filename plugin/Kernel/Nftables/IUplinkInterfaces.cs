namespace Csnet.Plugin.Kernel.Nftables;

/// <summary>
/// The host's uplinks: the interfaces that hold a default route (br0, vmbr0 on Proxmox, a netplan
/// bridge, eth0). csnet's isolation drops traffic from a csnet bridge to every other bridge; an
/// uplink that is itself a bridge is exempt, or containers would lose the outside.
/// </summary>
public interface IUplinkInterfaces
{
    /// <summary>
    /// Names of the interfaces holding a default route, now. Called on every apply and every
    /// intact check (twice a second): keep it cheap. Order and duplicates do not matter.
    /// An exception propagates out of Apply (the previous ruleset stays) and IsIntact.
    /// </summary>
    IReadOnlyCollection<string> Names();
}
