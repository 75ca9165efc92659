using System.Net.Sockets;
using Csnet.Plugin.Kernel;
using Csnet.Plugin.Kernel.LegacyXtables;
using Csnet.Plugin.Kernel.Proc;

namespace Csnet.Plugin.Drivers.Bridge;

/// <summary>
/// Hosts a bridge network cannot work on as they are, found before anything is made (and again on
/// every reconcile pass, for a host that changed under a running network). Each answer says what
/// the user must change; csnet does not rewrite another program's firewall or module list.
/// </summary>
public sealed class BridgeHostCheck(ISysctls sysctls, ILegacyXtables? legacy = null)
{
    /// <summary>What keeps <paramref name="bridgeName"/> from carrying traffic as asked, or null.</summary>
    public string? Problem(string bridgeName, IReadOnlyCollection<AddressFamily> families, bool icc, bool isInternal)
    {
        foreach (var family in families)
        {
            if (LegacyForward(family) is { } chain && !chain.Passes(bridgeName))
                return LegacyDrop(bridgeName, family);
        }
        // Without br_netfilter, frames between two ports of one bridge never reach the IP firewall,
        // so nothing could keep the containers of an ICC-off network apart.
        if (!icc && sysctls.BridgeNetfilter(AddressFamily.InterNetwork) is null)
            return $"{BridgeOptionKeys.EnableIcc}=false needs the br_netfilter module, which is not loaded: without it traffic between containers of bridge {bridgeName} never passes the firewall and cannot be stopped. Load it (modprobe br_netfilter; list it in /etc/modules-load.d to keep it) or leave ICC on";
        if (!isInternal && families.Contains(AddressFamily.InterNetwork) && sysctls.IPv4ForwardingBlocked() is { } blocked)
            return $"net.ipv4.ip_forward is 0 and csnet cannot turn it on ({blocked}): containers on bridge {bridgeName} would have no way out. Turn it on for the host (sysctl net.ipv4.ip_forward=1, and in /etc/sysctl.d to keep it) or create the network with --internal";
        return null;
    }

    // A table csnet cannot read (no CAP_NET_ADMIN over it, a kernel without the sockopt) is not
    // reason to refuse: the check is about a DROP csnet can see.
    private LegacyForwardChain? LegacyForward(AddressFamily family)
    {
        try
        {
            return legacy?.Forward(family);
        }
        catch (SystemCallException)
        {
            return null;
        }
    }

    private static string LegacyDrop(string bridgeName, AddressFamily family)
    {
        var tool = family == AddressFamily.InterNetwork ? "iptables-legacy" : "ip6tables-legacy";
        var pattern = bridgeName.StartsWith(InterfaceNames.BridgePrefix, StringComparison.Ordinal) ? InterfaceNames.BridgePrefix + "+" : bridgeName;
        return $"this host's legacy {(family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} iptables (iptables-legacy, as dockerd uses here) has FORWARD policy DROP, which csnet's nftables rules cannot open: bridge {bridgeName} would carry no traffic. "
            + "Switch the host to iptables-nft (update-alternatives --set iptables /usr/sbin/iptables-nft; update-alternatives --set ip6tables /usr/sbin/ip6tables-nft; then reboot), "
            + $"or let csnet's bridges pass the legacy chain: {tool} -I FORWARD -i {pattern} -j ACCEPT; {tool} -I FORWARD -o {pattern} -j ACCEPT (csnet's own rules still decide)";
    }
}
