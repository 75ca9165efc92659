using Csnet.Plugin.Drivers.Steps;
using Csnet.Plugin.Errors;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.State;

namespace Csnet.Plugin.Drivers.Bridge;

public sealed partial class BridgeDriver
{
    public NetworkRecord CreateNetwork(NetworkSpec spec, CancellationToken cancellationToken)
    {
        Validate(spec);
        var options = BridgeOptions.Parse(spec.Options);
        var bridgeName = options.BridgeName ?? InterfaceNames.Bridge(spec.NetworkId);

        var holder = networks.All().FirstOrDefault(n => n.BridgeName == bridgeName);
        if (holder is not null)
            throw new CsnetException(ErrorKind.Conflict,
                $"bridge {bridgeName} is already used by network {DockerId.Short(holder.Id)}; choose another com.docker.network.bridge.name");

        var existing = rtnl.TryGetLink(bridgeName);
        if (existing is not null and not BridgeLink)
            throw CsnetException.InvalidOption(
                $"option {BridgeOptionKeys.BridgeName}: link {bridgeName} exists and is a {existing.Kind}, not a bridge");

        var present = existing is null ? [] : rtnl.GetAddresses(bridgeName);
        var subnets = spec.IPv4.Select(s => new SubnetRecord
        {
            Pool = s.Pool.ToString(),
            Gateway = s.Gateway?.ToString(),
            GatewayAddressAdded = s.Gateway is { } gw && !present.Any(a => a.Address.Equals(gw.Address)),
        }).ToList();

        var record = new NetworkRecord
        {
            Id = spec.NetworkId,
            Mode = ModeName,
            BridgeName = bridgeName,
            BridgeOwner = existing is null ? LinkOwner.Csnet : LinkOwner.Existing,
            Mtu = options.Mtu,
            Masquerade = options.EnableIpMasquerade,
            Internal = spec.Internal,
            Icc = options.EnableIcc,
            SnatAddress = options.HostIpv4?.ToString(),
            HostBindingIpv4 = options.HostBindingIpv4.ToString(),
            DstPrefix = options.ContainerIfacePrefix,
            Subnets = subnets,
            Options = new Dictionary<string, string>(spec.Options),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };

        var plan = BridgeSteps(record, createBridge: existing is null, subnets.Where(s => s.GatewayAddressAdded));
        plan.Add(new SetupStep("SaveRecord",
            () => networks.Add(record),
            () =>
            {
                networks.Remove(record.Id);
                firewall.Sync();
            }));
        plan.Add(new SetupStep("InstallRules", firewall.Sync, SetupStep.Nothing));

        steps.Run("CreateNetwork", plan, cancellationToken);
        logger.NetworkCreated(DockerId.Short(spec.NetworkId), bridgeName, record.BridgeOwner.ToString());
        return record;
    }

    public void DeleteNetwork(NetworkRecord network)
    {
        foreach (var endpoint in endpoints.ForNetwork(network.Id))
            DeleteEndpoint(network, endpoint);

        if (network.BridgeOwner == LinkOwner.Csnet)
        {
            rtnl.TryDeleteLink(network.BridgeName);
        }
        else
        {
            foreach (var subnet in network.Subnets.Where(s => s.GatewayAddressAdded && s.Gateway is not null))
            {
                var gateway = Cidr.Parse(subnet.Gateway!);
                if (rtnl.TryGetLink(network.BridgeName) is not null)
                    rtnl.DeleteAddress(network.BridgeName, gateway.Address, gateway.PrefixLength);
            }
        }
        networks.Remove(network.Id);
        firewall.Sync();
        logger.NetworkDeleted(DockerId.Short(network.Id), network.BridgeName);
    }

    /// <summary>
    /// The kernel side of a bridge network: the bridge, its gateway addresses, up, forwarding and
    /// route_localnet. Shared by CreateNetwork and by Restore after a host reboot.
    /// </summary>
    private List<SetupStep> BridgeSteps(NetworkRecord record, bool createBridge, IEnumerable<SubnetRecord> gatewaysToAdd)
    {
        var bridgeName = record.BridgeName;
        var plan = new List<SetupStep>();
        if (createBridge)
        {
            plan.Add(new SetupStep("CreateBridge",
                () => rtnl.AddLink(new BridgeLink { Name = bridgeName, Mtu = record.Mtu, Alias = Tag(record.Id) }),
                () => rtnl.TryDeleteLink(bridgeName)));
        }
        foreach (var subnet in gatewaysToAdd)
        {
            var gateway = Cidr.Parse(subnet.Gateway!);
            plan.Add(new SetupStep("AddGatewayAddress",
                () => rtnl.AddAddress(bridgeName, gateway.Address, gateway.PrefixLength),
                () => rtnl.DeleteAddress(bridgeName, gateway.Address, gateway.PrefixLength)));
        }
        plan.Add(new SetupStep("SetUp", () => rtnl.SetUp(bridgeName), SetupStep.Nothing));
        plan.Add(new SetupStep("EnableForwarding", sysctls.EnableIPv4Forwarding, SetupStep.Nothing));
        if (!record.Internal)
            plan.Add(new SetupStep("EnableRouteLocalnet", () => sysctls.EnableRouteLocalnet(bridgeName), SetupStep.Nothing));
        return plan;
    }
}
