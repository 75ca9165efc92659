using System.Net.Sockets;
using Csnet.Plugin.Kernel.Proc;

namespace Csnet.Plugin.Tests.Support;

/// <summary>Sysctl writes, recorded instead of made.</summary>
internal sealed class RecordingSysctls : ISysctls
{
    public List<string> Writes { get; } = [];

    public void EnableIPv4Forwarding() => Writes.Add("ipv4 forwarding");

    /// <summary>What the host's ip_forward is; true unless a test says otherwise.</summary>
    public bool ForwardingOn { get; set; } = true;

    /// <summary>Why ip_forward cannot be set, when a test wants it blocked.</summary>
    public string? ForwardingBlockedReason { get; set; }

    public bool IPv4ForwardingOn() => ForwardingOn;

    public string? IPv4ForwardingBlocked() => ForwardingOn ? null : ForwardingBlockedReason;

    /// <summary>bridge-nf-call-iptables as the test sets it: null is br_netfilter not loaded.</summary>
    public bool? BridgeNetfilterValue { get; set; } = true;

    public bool? BridgeNetfilter(AddressFamily family) => BridgeNetfilterValue;

    public void EnableBridgeNetfilter(AddressFamily family) => Writes.Add($"bridge-nf-call {family}");

    public IReadOnlyList<string> EnableIPv6Forwarding()
    {
        Writes.Add("ipv6 forwarding");
        return ["net.ipv6.conf.all.forwarding 0 -> 1"];
    }

    public void EnableIPv6(string interfaceName) => Writes.Add($"ipv6 on {interfaceName}");

    public void DisableRouterAdvertisements(string interfaceName) => Writes.Add($"accept_ra 0 on {interfaceName}");

    public void EnableRouteLocalnet(string interfaceName) => Writes.Add($"route_localnet on {interfaceName}");

    public void AnswerArpForOwnAddressesOnly(string interfaceName) => Writes.Add($"arp_ignore 1 on {interfaceName}");

    public Dictionary<string, string> Captured { get; } = new() { ["ipv4/route_localnet"] = "0" };

    public IReadOnlyDictionary<string, string> Capture(string interfaceName) => Captured;

    public void Restore(string interfaceName, IReadOnlyDictionary<string, string> values) =>
        Writes.Add($"restore {interfaceName}: {string.Join(",", values.Select(v => $"{v.Key}={v.Value}"))}");
}
