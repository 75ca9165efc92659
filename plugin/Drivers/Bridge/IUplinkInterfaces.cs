namespace Csnet.Plugin.Drivers.Bridge;

/// <summary>
/// The host's uplinks: the interfaces that hold a default route (br0, vmbr0 on Proxmox, a netplan
/// bridge, eth0). Bridge networks are isolated from every other bridge; an uplink that is itself a
/// bridge is exempt, or containers would lose the outside.
/// </summary>
public interface IUplinkInterfaces
{
    /// <summary>
    /// Names of the interfaces holding a default route, now. Asked on every firewall sync and
    /// check (twice a second): keep it cheap. Order and duplicates do not matter.
    /// </summary>
    IReadOnlyCollection<string> Names();
}
