using System.Net.Sockets;
using Csnet.Plugin.Drivers.Bridge;
using Csnet.Plugin.Drivers.Steps;
using Csnet.Plugin.Errors;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Model;

namespace Csnet.Plugin.Drivers.Macvlan;

public sealed partial class MacvlanDriver
{
    public Network CreateNetwork(NetworkSpec spec, CancellationToken cancellationToken)
    {
        Validate(spec);
        var options = MacvlanOptions.Parse(spec.Options);
        lock (_parents)
        {
            var (settings, createParent) = ResolveParent(spec, options);
            var network = new Network
            {
                Id = spec.NetworkId,
                Mode = ModeName,
                // Without a parent the containers reach only each other, as Docker makes such networks internal.
                Internal = spec.Internal || settings.Placeholder,
                EnableIPv6 = spec.EnableIPv6,
                Subnets = spec.Subnets.Select(s => new Subnet(s.Pool, s.Gateway?.Address, s.AuxAddresses)).ToList(),
                Settings = settings,
                Options = new Dictionary<string, string>(spec.Options),
                CreatedAt = time.GetUtcNow().UtcDateTime,
            };

            var plan = new List<SetupStep>();
            if (createParent)
                plan.Add(_kernel.CreateParent(network.Id, settings));
            if (settings.ShimName is not null)
                plan.AddRange(_kernel.Shim(network.Id, settings));
            plan.Add(new SetupStep("SaveRecord", () => networks.Insert(network), () => networks.Delete(network.Id)));
            var intent = new Dictionary<string, string>();
            if (createParent)
                intent[CreatedParentKey] = settings.Parent;
            if (settings.ShimName is { } shim)
                intent[ShimKey] = shim;
            Journaled(Intent.CreateNetwork, network.Id, null, intent, () => steps.Run("CreateNetwork", plan, cancellationToken));

            if (rtnl.TryGetLink(settings.Parent) is { IsUp: false })
                logger.ParentDown(DockerId.Short(network.Id), settings.Parent);
            logger.NetworkCreated(DockerId.Short(network.Id), settings.Parent, settings.ParentOwner.ToString(), MacvlanOptions.Name(settings.MacvlanMode));
            return networks.Find(network.Id) ?? network;
        }
    }

    public void DeleteNetwork(Network network) =>
        Journaled(Intent.DeleteNetwork, network.Id, null, new Dictionary<string, string>(), () => DeleteNetworkSteps(network));

    /// <summary>
    /// Each step tolerates what is already gone, so a crash's recovery can run them all again. The
    /// record goes last: until then a crash leaves the intent and the record, and the next start
    /// runs these again; the parent is released before it, since whether another network still
    /// needs the parent is read from the records.
    /// </summary>
    private void DeleteNetworkSteps(Network network)
    {
        var settings = network.SettingsAs<MacvlanSettings>();
        foreach (var endpoint in endpoints.ForNetwork(network.Id))
            DeleteEndpointSteps(network, endpoint);
        Reached(Intent.DeleteNetwork, "EndpointsDeleted");
        lock (_parents)
        {
            if (settings.ShimName is { } shim)
                rtnl.TryDeleteLink(shim);
            if (settings.ParentOwner == LinkOwner.Csnet)
                ReleaseParent(network, settings);
            Reached(Intent.DeleteNetwork, "LinksDeleted");
            networks.Delete(network.Id);
            _missingParents.Remove(network.Id);
        }
        Reached(Intent.DeleteNetwork, "RecordDeleted");
        logger.NetworkDeleted(DockerId.Short(network.Id), settings.Parent);
    }

    /// <summary>
    /// A parent csnet made is shared by every network naming it; the last one takes it along. While
    /// others remain it is tagged with one of them, so the reconciler never takes it for an orphan
    /// of the deleted network. Caller holds <see cref="_parents"/>.
    /// </summary>
    private void ReleaseParent(Network network, MacvlanSettings settings)
    {
        if (OthersOn(settings.Parent, network.Id).FirstOrDefault() is { } other)
        {
            if (rtnl.TryGetLink(settings.Parent) is { } link && link.Alias == OwnershipTag.For(network.Id))
                rtnl.SetAlias(settings.Parent, OwnershipTag.For(other.Id));
            logger.ParentKept(DockerId.Short(network.Id), settings.Parent, DockerId.Short(other.Id));
        }
        else if (rtnl.TryDeleteLink(settings.Parent))
        {
            logger.ParentDeleted(DockerId.Short(network.Id), settings.Parent);
        }
    }

    /// <summary>
    /// Decides the parent (caller holds <see cref="_parents"/>): the link named by -o parent, a VLAN
    /// sub-interface csnet will create for a missing "lower.id" name, or the placeholder. Every
    /// refusal names what to change; nothing is created here.
    /// </summary>
    private (MacvlanSettings Settings, bool CreateParent) ResolveParent(NetworkSpec spec, MacvlanOptions options)
    {
        var settings = new MacvlanSettings
        {
            Parent = options.Parent ?? MacvlanNames.Placeholder(spec.NetworkId),
            MacvlanMode = options.Mode,
            Mtu = options.Mtu,
            Probe = options.Probe,
            ShimName = options.HostShim.Count > 0 ? MacvlanNames.Shim(spec.NetworkId) : null,
            ShimAddresses = options.HostShim,
        };
        if (options.Parent is null)
            return (settings with { ParentOwner = LinkOwner.Csnet, Placeholder = true }, CreateParent: true);

        var parent = options.Parent;
        var sharing = OthersOn(parent, spec.NetworkId).ToList();
        CheckSharing(spec, settings, sharing);
        var link = rtnl.TryGetLink(parent);
        int parentMtu;
        var create = false;
        if (link is not null)
        {
            CheckUsableParent(link);
            parentMtu = link.Mtu ?? 1500;
            // A VLAN link csnet made for another network stays csnet's: the last network on it deletes it.
            if (sharing.Select(n => n.SettingsAs<MacvlanSettings>()).FirstOrDefault(s => s.ParentOwner == LinkOwner.Csnet) is { } owned)
                settings = settings with { ParentOwner = LinkOwner.Csnet, Vlan = owned.Vlan };
            else
                settings = settings with { ParentOwner = LinkOwner.Existing };
        }
        else if (options.Vlan is var (lower, id))
        {
            if (id is < VlanLink.MinId or > VlanLink.MaxId)
                throw CsnetException.InvalidOption($"option {MacvlanOptionKeys.Parent}: VLAN id {id} of {parent} is outside {VlanLink.MinId}-{VlanLink.MaxId}; name a VLAN like {lower}.10");
            var lowerLink = rtnl.TryGetLink(lower)
                ?? throw CsnetException.InvalidOption($"option {MacvlanOptionKeys.Parent}: {parent} does not exist, and its lower link {lower} does not either; name an existing link, or lower.vlan with an existing lower link");
            CheckUsableParent(lowerLink);
            parentMtu = lowerLink.Mtu ?? 1500;
            settings = settings with { ParentOwner = LinkOwner.Csnet, Vlan = (lower, id) };
            create = true;
        }
        else
        {
            throw CsnetException.InvalidOption(
                $"option {MacvlanOptionKeys.Parent}: link {parent} does not exist on this host; name an existing interface, or lower.vlan (like eth0.10) for csnet to create the VLAN sub-interface");
        }

        if (options.Mtu is { } mtu && mtu > parentMtu)
            throw CsnetException.InvalidOption(
                $"option {MacvlanOptionKeys.Mtu}: {mtu} is larger than the MTU {parentMtu} of parent {parent}; a macvlan child cannot exceed its parent: give at most {parentMtu}, or leave the option out (the children follow the parent)");
        return (settings, create);
    }

    /// <summary>Passthru gives the whole parent to one child, and a LAN has one owner per address range.</summary>
    private static void CheckSharing(NetworkSpec spec, MacvlanSettings settings, IReadOnlyList<Network> sharing)
    {
        foreach (var other in sharing)
        {
            var theirs = other.SettingsAs<MacvlanSettings>();
            if (settings.MacvlanMode == MacvlanMode.Passthru)
                throw new CsnetException(ErrorKind.Conflict,
                    $"cannot use macvlan_mode passthru: macvlan network {DockerId.Short(other.Id)} already uses parent {settings.Parent}; passthru takes the whole parent, so give it a parent of its own");
            if (theirs.MacvlanMode == MacvlanMode.Passthru)
                throw new CsnetException(ErrorKind.Conflict,
                    $"macvlan network {DockerId.Short(other.Id)} already uses parent {settings.Parent} in mode passthru, which takes the whole parent; use another parent or remove that network");
            foreach (var mine in spec.Subnets)
            {
                if (other.Subnets.FirstOrDefault(s => s.Prefix.Overlaps(mine.Pool)) is { } overlap)
                    throw new CsnetException(ErrorKind.Conflict,
                        $"subnet {mine.Pool} overlaps {overlap.Prefix} of macvlan network {DockerId.Short(other.Id)} on the same parent {settings.Parent}; one LAN cannot hold both, so give a subnet that does not overlap it");
            }
        }
    }

    /// <summary>Loopback and csnet's own links cannot carry a LAN; a VLAN link csnet made for another macvlan network can.</summary>
    private void CheckUsableParent(Link link)
    {
        if (link.Name == "lo")
            throw CsnetException.InvalidOption($"option {MacvlanOptionKeys.Parent}: the loopback interface is not a valid macvlan parent; name an Ethernet link, like -o parent=eth1");
        var bridgeNetwork = networks.All().FirstOrDefault(n => n.Settings is BridgeSettings b && b.BridgeName == link.Name);
        if (link is BridgeLink && (bridgeNetwork is not null || link.Alias?.StartsWith(OwnershipTag.Prefix, StringComparison.Ordinal) == true))
            throw CsnetException.InvalidOption(
                $"option {MacvlanOptionKeys.Parent}: {link.Name} is the bridge of csnet network {(bridgeNetwork is null ? link.Alias![OwnershipTag.Prefix.Length..] : DockerId.Short(bridgeNetwork.Id))}; a csnet bridge is no LAN to hang macvlan children off: name a host link");
        if (link is not VlanLink && link.Alias?.StartsWith(OwnershipTag.Prefix, StringComparison.Ordinal) == true)
            throw CsnetException.InvalidOption(
                $"option {MacvlanOptionKeys.Parent}: {link.Name} is a link csnet made for {link.Alias}; name a host link");
    }

    /// <summary>The other stored macvlan networks on <paramref name="parent"/>.</summary>
    private IEnumerable<Network> OthersOn(string parent, string networkId) =>
        networks.All().Where(n => n.Id != networkId && n.Settings is MacvlanSettings s && s.Parent == parent);
}
