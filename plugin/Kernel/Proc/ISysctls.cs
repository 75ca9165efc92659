using System.Net.Sockets;

namespace Csnet.Plugin.Kernel.Proc;

/// <summary>The few /proc/sys switches csnet needs.</summary>
public interface ISysctls
{
    /// <summary>net.ipv4.ip_forward: routed and masqueraded traffic needs it.</summary>
    void EnableIPv4Forwarding();

    /// <summary>Whether net.ipv4.ip_forward is 1 now.</summary>
    bool IPv4ForwardingOn();

    /// <summary>Whether net.ipv6.conf.all.forwarding is 1 now; null when the host has no IPv6.</summary>
    bool? IPv6ForwardingOn() => null;

    /// <summary>Null when net.ipv4.ip_forward is 1 or csnet can set it; otherwise why it stays 0 (a read-only /proc/sys, no right).</summary>
    string? IPv4ForwardingBlocked();

    /// <summary>
    /// net.bridge.bridge-nf-call-iptables (ip6tables for IPv6): whether frames between two ports of
    /// one bridge pass the IP firewall, which ICC off needs. Null when br_netfilter is not loaded.
    /// </summary>
    bool? BridgeNetfilter(AddressFamily family);

    /// <summary>Sets it to 1 (br_netfilter loaded), as Docker's bridge does for a network with ICC off.</summary>
    void EnableBridgeNetfilter(AddressFamily family);

    /// <summary>
    /// net.ipv6.conf.all.forwarding (and default). Turning it on makes every interface ignore
    /// router advertisements and purges the default routes they gave, unless the interface has
    /// accept_ra=2; so interfaces that accept them now (accept_ra=1) get 2 first and keep their
    /// RA-learned routes. Returns a sentence per setting changed, for the log (none when forwarding
    /// was already on).
    /// </summary>
    IReadOnlyList<string> EnableIPv6Forwarding();

    /// <summary>net.ipv6.conf.IFACE.disable_ipv6 = 0: the link may hold IPv6 addresses.</summary>
    void EnableIPv6(string interfaceName);

    /// <summary>net.ipv6.conf.IFACE.accept_ra = 0: a router's own link does not configure itself from advertisements.</summary>
    void DisableRouterAdvertisements(string interfaceName);

    /// <summary>
    /// net.ipv4.conf.IFACE.route_localnet: lets traffic to 127.0.0.1 that was DNAT'd to a container
    /// leave through the bridge (ports published on the host's loopback, as Docker's bridge does
    /// without its userland proxy).
    /// </summary>
    void EnableRouteLocalnet(string interfaceName);

    /// <summary>
    /// net.ipv4.conf.IFACE.arp_ignore = 1: the link answers ARP only for addresses it holds itself.
    /// A second link of the host on the same LAN (a macvlan host shim) would otherwise answer for
    /// the host's other addresses too and teach the LAN its own MAC for them.
    /// </summary>
    void AnswerArpForOwnAddressesOnly(string interfaceName);

    /// <summary>
    /// The per-interface settings csnet may change (route_localnet, disable_ipv6, accept_ra), as
    /// they are now, keyed "ipv4/route_localnet", "ipv6/disable_ipv6", "ipv6/accept_ra"; missing
    /// ones are left out. Taken before csnet changes a link it did not make.
    /// </summary>
    IReadOnlyDictionary<string, string> Capture(string interfaceName);

    /// <summary>Puts back what <see cref="Capture"/> returned (a link that is gone is skipped).</summary>
    void Restore(string interfaceName, IReadOnlyDictionary<string, string> values);
}
