using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Csnet.Plugin.Drivers.Steps;
using Csnet.Plugin.Kernel.Netlink;
using Csnet.Plugin.Kernel.Proc;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Model;
using Route = Csnet.Plugin.Kernel.Rtnl.Route;

namespace Csnet.Plugin.Drivers.Macvlan;

/// <summary>
/// The kernel side of the macvlan mode as named, reversible steps: the parent csnet makes (a VLAN
/// sub-interface or the placeholder), the host shim with its addresses, an endpoint's child and
/// the shim's route to it. Shared by CreateNetwork, CreateEndpoint and Restore.
/// </summary>
internal sealed class MacvlanSteps(IRtnl rtnl, ISysctls sysctls)
{
    private const int ENODEV = 19;

    /// <summary>Creates the parent csnet owns: VLAN <c>lower.id</c> on its lower link, or the placeholder bridge.</summary>
    public SetupStep CreateParent(string networkId, MacvlanSettings settings) => settings.Vlan is var (lower, id)
        ? new SetupStep("CreateVlanParent",
            () => rtnl.AddLink(new VlanLink
            {
                Name = settings.Parent,
                ParentIndex = IndexOf(lower, $"lower link {lower} of VLAN parent {settings.Parent} does not exist"),
                VlanId = id,
                IsUp = true,
                Alias = OwnershipTag.For(networkId),
            }),
            () => rtnl.TryDeleteLink(settings.Parent))
        : new SetupStep("CreatePlaceholderParent",
            // A bridge without ports has carrier, accepts macvlan children and forwards nothing:
            // the children reach each other, nothing else (what Docker's dummy parent gives).
            () => rtnl.AddLink(new BridgeLink { Name = settings.Parent, Mtu = settings.Mtu, IsUp = true, Alias = OwnershipTag.For(networkId) }),
            () => rtnl.TryDeleteLink(settings.Parent));

    /// <summary>The host shim: a bridge-mode child of the parent in the host namespace, with one address per family.</summary>
    public List<SetupStep> Shim(string networkId, MacvlanSettings settings)
    {
        var name = settings.ShimName ?? throw new InvalidOperationException("network has no host shim");
        var v4 = settings.ShimAddresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork);
        var plan = new List<SetupStep>
        {
            new("CreateShim",
                () => rtnl.AddLink(new MacvlanLink
                {
                    Name = name,
                    ParentIndex = ParentIndex(settings),
                    Mode = MacvlanMode.Bridge,
                    MacAddress = v4 is null ? null : MacAddresses.For(v4),
                    Mtu = settings.Mtu,
                    Alias = OwnershipTag.For(networkId),
                }),
                () => rtnl.TryDeleteLink(name)),
            // The shim is a second host link on the parent's LAN: it must neither answer ARP for the
            // host's other addresses nor configure itself from the LAN's router advertisements.
            new("ConfigureShim", () =>
            {
                sysctls.AnswerArpForOwnAddressesOnly(name);
                if (settings.ShimAddresses.Any(a => a.AddressFamily == AddressFamily.InterNetworkV6))
                {
                    sysctls.EnableIPv6(name);
                    sysctls.DisableRouterAdvertisements(name);
                }
            }, SetupStep.Nothing),
        };
        foreach (var address in settings.ShimAddresses)
        {
            var length = HostLength(address);
            plan.Add(new SetupStep("AddShimAddress",
                () => rtnl.AddAddress(name, address, length),
                () => rtnl.TryDeleteAddress(name, address, length)));
        }
        plan.Add(new SetupStep("SetShimUp", () => rtnl.SetUp(name), SetupStep.Nothing));
        return plan;
    }

    /// <summary>The endpoint's child on the parent, under its temporary host name, with its MAC (none for passthru: it takes the parent's).</summary>
    public SetupStep CreateChild(string networkId, string endpointId, MacvlanSettings settings, PhysicalAddress? mac)
    {
        var name = MacvlanNames.Child(endpointId);
        return new SetupStep("CreateMacvlanChild",
            () => rtnl.AddLink(new MacvlanLink
            {
                Name = name,
                ParentIndex = ParentIndex(settings),
                Mode = settings.MacvlanMode,
                MacAddress = mac,
                Mtu = settings.Mtu,
                Alias = OwnershipTag.For(networkId, endpointId),
            }),
            () => rtnl.TryDeleteLink(name));
    }

    /// <summary>The host reaches the container's address through the shim, from the shim's own address of that family.</summary>
    public IEnumerable<SetupStep> RoutesThroughShim(MacvlanSettings settings, IEnumerable<IPAddress> containerAddresses)
    {
        foreach (var address in containerAddresses)
        {
            if (ShimRoute(settings, address) is not { } route)
                continue;
            yield return new SetupStep("RouteThroughShim",
                () => rtnl.ReplaceRoute(route()),
                () => rtnl.TryDeleteRoute(route()));
        }
    }

    /// <summary>Removes the shim's route to a container address; nothing when the network has no shim (or it is gone).</summary>
    public void DeleteShimRoute(MacvlanSettings settings, IPAddress address)
    {
        if (ShimRoute(settings, address) is { } route && rtnl.TryGetLink(settings.ShimName!) is not null)
            rtnl.TryDeleteRoute(route());
    }

    public int ParentIndex(MacvlanSettings settings) => IndexOf(settings.Parent,
        $"parent {settings.Parent} does not exist on this host; bring the link back (csnet recreates VLAN parents it made at its next start or container), then start the container again");

    /// <summary>
    /// The route to <paramref name="address"/> through the shim, if the shim has an address of its
    /// family; built when the step runs, since the shim's ifindex is known only then.
    /// </summary>
    private Func<Route>? ShimRoute(MacvlanSettings settings, IPAddress address)
    {
        var source = settings.ShimAddresses.FirstOrDefault(a => a.AddressFamily == address.AddressFamily);
        if (settings.ShimName is not { } shim || source is null)
            return null;
        return () => new Route(address, HostLength(address), null, IndexOf(shim, $"host shim {shim} does not exist")) { PreferredSource = source };
    }

    private int IndexOf(string name, string missing) =>
        rtnl.TryGetLink(name)?.Index ?? throw new NetlinkException($"find link {name}", ENODEV, missing);

    private static int HostLength(IPAddress address) => address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
}
