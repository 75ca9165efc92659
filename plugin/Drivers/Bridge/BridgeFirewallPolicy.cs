using System.Net;
using System.Net.Sockets;
using Csnet.Plugin.Drivers.Firewall;
using Csnet.Plugin.Kernel.Nftables;
using Csnet.Plugin.Model;
using Microsoft.Extensions.Logging;

namespace Csnet.Plugin.Drivers.Bridge;

/// <summary>
/// What the firewall does for bridge networks, decided here and handed to the kernel layer as
/// mechanisms: an internal network is sealed; any other is isolated from every bridge but the
/// host's uplinks, with ICC as asked, NAT per family by gateway mode, published ports DNAT'd (nat)
/// or opened at the container's address (routed), and the loopback guard that route_localnet needs.
/// </summary>
public sealed partial class BridgeFirewallPolicy(IUplinkInterfaces? uplinks, ILogger<BridgeFirewallPolicy> logger) : IFirewallContributor
{
    public IEnumerable<NetworkRules> RulesFor(IReadOnlyList<Network> networks, ILookup<string, Endpoint> published)
    {
        var bridges = networks.Where(n => n.Mode == BridgeDriver.ModeName).ToList();
        if (bridges.Count == 0)
            return [];
        var exempt = Uplinks();
        return bridges.Select(n => RulesFor(n, published[n.Id], exempt)).ToList();
    }

    internal static NetworkRules RulesFor(Network network, IEnumerable<Endpoint> published, IReadOnlyList<string> exempt)
    {
        var settings = network.SettingsAs<BridgeSettings>();
        var endpoints = published.ToList();
        return new NetworkRules
        {
            Tag = OwnershipTag.For(network.Id),
            Interface = settings.BridgeName,
            Sealed = network.Internal,
            DropBetweenPorts = !settings.Icc,
            IsolationExempt = exempt,
            IPv4 = Family(network, settings, endpoints, AddressFamily.InterNetwork),
            IPv6 = Family(network, settings, endpoints, AddressFamily.InterNetworkV6),
        };
    }

    private static FamilyRules? Family(Network network, BridgeSettings settings, List<Endpoint> endpoints, AddressFamily family)
    {
        var subnets = network.SubnetsOf(family).Select(s => s.Prefix).ToList();
        if (subnets.Count == 0)
            return null;
        var routed = (family == AddressFamily.InterNetwork ? settings.GatewayModeIPv4 : settings.GatewayModeIPv6) == GatewayMode.Routed;
        var ports = endpoints
            .SelectMany(e => e.Ports.Where(p => p.Family == family).Select(p => (Endpoint: e, Port: p, Address: e.AddressOf(family))))
            .Where(x => x.Address is not null)
            .ToList();
        return new FamilyRules
        {
            Family = family,
            Subnets = subnets,
            Masquerade = settings.Masquerade && !routed,
            SnatAddress = family == AddressFamily.InterNetwork ? settings.HostIPv4 : settings.HostIPv6,
            // route_localnet (loopback-published ports) exists for IPv4 only.
            GuardLoopback = family == AddressFamily.InterNetwork,
            Ports = routed ? [] : ports.Select(x => new PortMapping
            {
                Protocol = (byte)x.Port.Protocol,
                HostIp = x.Port.HostIp,
                HostPort = x.Port.HostPort,
                ContainerIp = x.Address!.Value.Address,
                ContainerPort = x.Port.ContainerPort,
                Tag = OwnershipTag.For(network.Id, x.Endpoint.Id),
            }).ToList(),
            OpenPorts = !routed ? [] : ports.Select(x => new OpenPort
            {
                Protocol = (byte)x.Port.Protocol,
                ContainerIp = x.Address!.Value.Address,
                ContainerPort = x.Port.ContainerPort,
                Tag = OwnershipTag.For(network.Id, x.Endpoint.Id),
            }).ToList(),
            AcceptInboundIcmp = routed,
        };
    }

    // The uplinks to exempt, without names nft cannot take (logged, skipped: better one uplink cut
    // off than no firewall at all).
    private List<string> Uplinks()
    {
        var names = uplinks?.Names() ?? [];
        foreach (var name in names.Where(n => !NetworkRulesRenderer.IsSafeInterfaceName(n)))
            UplinkSkipped(logger, name);
        return names.Where(NetworkRulesRenderer.IsSafeInterfaceName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    [LoggerMessage(EventId = 2202, Level = LogLevel.Warning, Message = "Uplink '{Name}' cannot be written into an nftables rule; it is not exempt from isolation")]
    private static partial void UplinkSkipped(ILogger logger, string name);
}
