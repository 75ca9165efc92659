namespace Csnet.Plugin.Kernel.Proc;

/// <summary>The few /proc/sys switches csnet needs.</summary>
public interface ISysctls
{
    /// <summary>net.ipv4.ip_forward: routed and masqueraded traffic needs it.</summary>
    void EnableIPv4Forwarding();

    /// <summary>
    /// net.ipv4.conf.IFACE.route_localnet: lets traffic to 127.0.0.1 that was DNAT'd to a container
    /// leave through the bridge (ports published on the host's loopback, as Docker's bridge does
    /// without its userland proxy).
    /// </summary>
    void EnableRouteLocalnet(string interfaceName);
}
