using Csnet.Plugin.Drivers.Reconcile;
using System.Net.Sockets;
using Csnet.Common.Addressing;
using Csnet.Plugin.Drivers.Steps;
using Csnet.Plugin.Errors;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Model;

namespace Csnet.Plugin.Drivers.Bridge;

public sealed partial class BridgeDriver
{
    public Network CreateNetwork(NetworkSpec spec, CancellationToken cancellationToken)
    {
        Validate(spec);
        var options = BridgeOptions.Parse(spec.Options);
        var bridgeName = options.BridgeName ?? InterfaceNames.Bridge(spec.NetworkId);
        if (InterfaceNames.IsDockerBridge(bridgeName))
            throw CsnetException.InvalidOption(
                $"option {BridgeOptionKeys.BridgeName}: {bridgeName} is named like Docker's own bridges (docker0, br-<12 hex digits of a network id>); Docker uses or may create it: choose another name");
        if (!_claimedNames.TryAdd(bridgeName, spec.NetworkId))
            throw new CsnetException(ErrorKind.Conflict,
                $"bridge {bridgeName} is being set up for network {DockerId.Short(_claimedNames.GetValueOrDefault(bridgeName) ?? "")} right now; choose another com.docker.network.bridge.name");
        try
        {
            return CreateNetwork(spec, options, bridgeName, cancellationToken);
        }
        finally
        {
            _claimedNames.TryRemove(bridgeName, out _);
        }
    }

    private Network CreateNetwork(NetworkSpec spec, BridgeOptions options, string bridgeName, CancellationToken cancellationToken)
    {
        var holder = networks.All().FirstOrDefault(n => n.Settings is BridgeSettings s && s.BridgeName == bridgeName);
        if (holder is not null)
            throw new CsnetException(ErrorKind.Conflict,
                $"bridge {bridgeName} is already used by network {DockerId.Short(holder.Id)}; choose another com.docker.network.bridge.name");

        var existing = rtnl.TryGetLink(bridgeName);
        if (existing is not null and not BridgeLink)
            throw CsnetException.InvalidOption(
                $"option {BridgeOptionKeys.BridgeName}: link {bridgeName} exists and is a {existing.Kind}, not a bridge");
        if (existing is not null && (uplinks?.Names() ?? []).Contains(bridgeName, StringComparer.Ordinal))
            throw CsnetException.InvalidOption(
                $"option {BridgeOptionKeys.BridgeName}: bridge {bridgeName} carries this host's default route; adopting it would put the host's own traffic under csnet's isolation and NAT: choose another bridge");

        var families = spec.Subnets.Select(s => s.Pool.Family).Distinct().ToList();
        if (hostCheck?.Problem(bridgeName, families, options.EnableIcc, spec.Internal) is { } problem)
            throw CsnetException.NotSupported(problem);

        var present = existing is null ? [] : rtnl.GetAddresses(bridgeName);
        var subnets = spec.Subnets.Select(s => new Subnet(s.Pool, s.Gateway?.Address, s.AuxAddresses)).ToList();
        var gatewaysToAdd = subnets
            .Where(s => s.GatewayCidr is not null && !present.Any(a => a.Address.Equals(s.Gateway)))
            .Select(s => s.GatewayCidr!.Value)
            .ToList();

        var network = new Network
        {
            Id = spec.NetworkId,
            Mode = ModeName,
            Internal = spec.Internal,
            EnableIPv6 = spec.EnableIPv6,
            Subnets = subnets,
            Settings = new BridgeSettings
            {
                BridgeName = bridgeName,
                BridgeOwner = existing is null ? LinkOwner.Csnet : LinkOwner.Existing,
                Mtu = options.Mtu,
                Icc = options.EnableIcc,
                Masquerade = options.EnableIpMasquerade,
                GatewayModeIPv4 = options.GatewayModeIpv4,
                GatewayModeIPv6 = options.GatewayModeIpv6,
                HostIPv4 = options.HostIpv4,
                HostIPv6 = options.HostIpv6,
                HostBindingIPv4 = options.HostBindingIpv4,
                ContainerIfacePrefix = options.ContainerIfacePrefix,
                GatewaysAdded = gatewaysToAdd,
                AdoptedOriginals = existing is null ? new Dictionary<string, string>() : sysctls.Capture(bridgeName),
            },
            Options = new Dictionary<string, string>(spec.Options),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };

        var plan = BridgeSteps(network, createBridge: existing is null, gatewaysToAdd);
        plan.Add(new SetupStep("SaveRecord",
            () => networks.Insert(network),
            () =>
            {
                networks.Delete(network.Id);
                firewall.Sync();
            }));
        plan.Add(new SetupStep("InstallRules", firewall.Sync, SetupStep.Nothing));

        var settings = network.SettingsAs<BridgeSettings>();
        Journaled(Intent.CreateNetwork, network.Id, null, BridgeIntents.ForCreate(settings),
            () => steps.Run("CreateNetwork", plan, cancellationToken));
        logger.NetworkCreated(DockerId.Short(spec.NetworkId), bridgeName, network.SettingsAs<BridgeSettings>().BridgeOwner.ToString());
        return networks.Find(network.Id) ?? network;
    }

    public void DeleteNetwork(Network network) =>
        Journaled(Intent.DeleteNetwork, network.Id, null, new Dictionary<string, string>(),
            () => DeleteNetworkSteps(network));

    // Each step tolerates what is already gone, so a crash's recovery can run them all again.
    private void DeleteNetworkSteps(Network network)
    {
        var settings = network.SettingsAs<BridgeSettings>();
        foreach (var endpoint in endpoints.ForNetwork(network.Id))
            DeleteEndpoint(network, endpoint);
        // Nothing of the network may outlive its DeleteNetwork, links waiting for the reaper included.
        reaper?.Flush();
        Reached(Intent.DeleteNetwork, "EndpointsDeleted");

        _bridgeIndexes.Forget(settings.BridgeName);
        if (settings.BridgeOwner == LinkOwner.Csnet)
        {
            rtnl.TryDeleteLink(settings.BridgeName);
        }
        else if (rtnl.TryGetLink(settings.BridgeName) is not null)
        {
            // An address someone already removed is not a reason to keep the record.
            foreach (var gateway in settings.GatewaysAdded)
                rtnl.TryDeleteAddress(settings.BridgeName, gateway.Address, gateway.PrefixLength);
            sysctls.Restore(settings.BridgeName, settings.AdoptedOriginals);
        }
        Reached(Intent.DeleteNetwork, "BridgeDeleted");
        networks.Delete(network.Id);
        Reached(Intent.DeleteNetwork, "RecordDeleted");
        firewall.Sync();
        logger.NetworkDeleted(DockerId.Short(network.Id), settings.BridgeName);
    }

    /// <summary>
    /// The kernel side of a bridge network: the bridge, IPv6 on it when the network has IPv6, its
    /// gateway addresses, up, forwarding per family and route_localnet. Shared by CreateNetwork and
    /// by Restore after a host reboot.
    /// </summary>
    private List<SetupStep> BridgeSteps(Network network, bool createBridge, IEnumerable<CidrAddress> gatewaysToAdd)
    {
        var settings = network.SettingsAs<BridgeSettings>();
        var bridgeName = settings.BridgeName;
        var hasIPv4 = network.SubnetsOf(AddressFamily.InterNetwork).Any();
        var hasIPv6 = network.SubnetsOf(AddressFamily.InterNetworkV6).Any();
        var plan = new List<SetupStep>();
        if (createBridge)
        {
            plan.Add(new SetupStep("CreateBridge",
                () => rtnl.AddLink(new BridgeLink { Name = bridgeName, Mtu = settings.Mtu, Alias = OwnershipTag.For(network.Id) }),
                () => rtnl.TryDeleteLink(bridgeName)));
        }
        if (hasIPv6)
        {
            // IPv6 addresses cannot go on a link whose IPv6 is disabled (a host default of
            // disable_ipv6=1); the bridge is the containers' router and must not configure itself
            // from router advertisements a container sends.
            plan.Add(new SetupStep("EnableIPv6OnBridge", () =>
            {
                sysctls.EnableIPv6(bridgeName);
                sysctls.DisableRouterAdvertisements(bridgeName);
            }, SetupStep.Nothing));
        }
        foreach (var gateway in gatewaysToAdd)
        {
            plan.Add(new SetupStep("AddGatewayAddress",
                () => rtnl.AddAddress(bridgeName, gateway.Address, gateway.PrefixLength),
                () => rtnl.TryDeleteAddress(bridgeName, gateway.Address, gateway.PrefixLength)));
        }
        plan.Add(new SetupStep("SetUp", () => rtnl.SetUp(bridgeName), SetupStep.Nothing));
        if (!settings.Icc)
        {
            // As Docker's bridge does for ICC off: bridged frames must pass the firewall to be stopped.
            plan.Add(new SetupStep("EnableBridgeNetfilter", () =>
            {
                foreach (var family in new[] { AddressFamily.InterNetwork, AddressFamily.InterNetworkV6 }.Where(f => sysctls.BridgeNetfilter(f) == false))
                {
                    sysctls.EnableBridgeNetfilter(family);
                    RepairMetrics.Count(RepairKind.HostSettingRestored);
                    logger.HostSettingChanged(DockerId.Short(network.Id), $"net.bridge.bridge-nf-call-{(family == AddressFamily.InterNetwork ? "iptables" : "ip6tables")} 0 -> 1 (ICC off)");
                }
            }, SetupStep.Nothing));
        }
        if (hasIPv4)
            plan.Add(new SetupStep("EnableForwarding", sysctls.EnableIPv4Forwarding, SetupStep.Nothing));
        if (hasIPv6)
        {
            plan.Add(new SetupStep("EnableIPv6Forwarding", () =>
            {
                foreach (var change in sysctls.EnableIPv6Forwarding())
                {
                    RepairMetrics.Count(RepairKind.HostSettingRestored);
                    logger.HostSettingChanged(DockerId.Short(network.Id), change);
                }
            }, SetupStep.Nothing));
        }
        if (!network.Internal)
            plan.Add(new SetupStep("EnableRouteLocalnet", () => sysctls.EnableRouteLocalnet(bridgeName), SetupStep.Nothing));
        return plan;
    }
}
