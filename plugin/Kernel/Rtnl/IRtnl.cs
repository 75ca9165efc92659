using System.Net;
using System.Net.Sockets;

namespace Csnet.Plugin.Kernel.Rtnl;

/// <summary>
/// rtnetlink operations csnet needs, on one network namespace. Every call is a short blocking
/// request/ack; failures throw <see cref="Netlink.NetlinkException"/> with the errno and the kernel's message.
/// </summary>
public interface IRtnl : IDisposable
{
    Link? TryGetLink(string name);
    Link? TryGetLink(int index);
    IReadOnlyList<Link> GetLinks();

    /// <summary>Creates the link (and a veth's peer) with every non-null setting of the record.</summary>
    void AddLink(Link link);

    /// <summary>Deletes a link; false when it did not exist.</summary>
    bool TryDeleteLink(string name);

    /// <summary>Moves a link into interface group <paramref name="group"/>; false when it is gone.</summary>
    bool TrySetLinkGroup(string name, uint group);

    /// <summary>Deletes every link of interface group <paramref name="group"/> (not 0) in one request; false when the group was empty.</summary>
    bool DeleteLinkGroup(uint group);

    void SetUp(string name);

    /// <summary>IFLA_IFALIAS: csnet's ownership tag, when it passes to another owner.</summary>
    void SetAlias(string name, string alias);
    void SetMtu(string name, int mtu);

    /// <summary>Enslaves <paramref name="name"/> to <paramref name="master"/>, or releases it when null.</summary>
    void SetMaster(string name, string? master);

    /// <summary>
    /// Turns hairpin mode (IFLA_BRPORT_MODE) of a bridge port on or off. Throws
    /// <see cref="Netlink.NetlinkException"/> with ENODEV when the link does not exist and EOPNOTSUPP
    /// when it is not enslaved to a bridge.
    /// </summary>
    void SetBridgePortHairpin(string portName, bool enabled);

    /// <summary>
    /// The port's hairpin mode as the kernel reports it; null when the link is not enslaved to a
    /// bridge. Throws <see cref="Netlink.NetlinkException"/> with ENODEV when the link does not exist.
    /// </summary>
    bool? GetBridgePortHairpin(string portName);

    /// <summary>Adds an address; IPv6 addresses skip duplicate address detection (usable at once).</summary>
    void AddAddress(string linkName, IPAddress address, int prefixLength);
    void DeleteAddress(string linkName, IPAddress address, int prefixLength);

    /// <summary>Deletes the address; false when the address or the link was already gone.</summary>
    bool TryDeleteAddress(string linkName, IPAddress address, int prefixLength);
    IReadOnlyList<InterfaceAddress> GetAddresses(string? linkName = null);

    IReadOnlyList<Route> GetRoutes(AddressFamily family);

    /// <summary>
    /// The default routes (prefix length 0) of the main table; other routes are dropped from their
    /// header while the dump is read, so a host with a full routing table pays no parse for them.
    /// </summary>
    IReadOnlyList<Route> GetDefaultRoutes(AddressFamily family);

    /// <summary>Adds a route to the main table, or replaces the one with the same destination.</summary>
    void ReplaceRoute(Route route);

    /// <summary>Deletes a route of the main table; false when it (or its link) was already gone.</summary>
    bool TryDeleteRoute(Route route);
}
