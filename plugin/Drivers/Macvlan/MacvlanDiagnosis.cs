using Csnet.Plugin.Drivers.Diagnosis;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Model;

namespace Csnet.Plugin.Drivers.Macvlan;

/// <summary>
/// csnetctl doctor's look at a macvlan network: the parent is there and up (a parent that is down
/// cuts every container off, and csnet does not bring up a link it did not make), the network's MTU
/// fits the parent's, and the host shim, when asked for, is there and up.
/// </summary>
public sealed class MacvlanDiagnosis(IRtnl rtnl) : INetworkDiagnosis
{
    public string Mode => MacvlanDriver.ModeName;

    public IEnumerable<Finding> Check(Network network, IReadOnlyList<Endpoint> endpoints)
    {
        var settings = network.SettingsAs<MacvlanSettings>();
        var check = $"network {DockerId.Short(network.Id)}";
        var name = settings.Parent;
        var parent = rtnl.TryGetLink(name);
        if (parent is null)
        {
            yield return settings.ParentOwner == LinkOwner.Csnet
                ? Finding.Warning(check, $"parent {name}, which csnet made, is missing; reconcile makes it again")
                : Finding.Problem(check, $"parent {name} of the macvlan network is missing: its containers cannot start", $"bring {name} back (or remove the network and create it on another parent)");
            yield break;
        }
        var found = false;
        if (!parent.IsUp && !settings.Placeholder)
        {
            found = true;
            yield return Finding.Problem(check, $"parent {name} is down: the network's {endpoints.Count} container(s) reach nothing", $"ip link set {name} up");
        }
        if (settings.Mtu is { } wanted && parent.Mtu is { } actual && wanted > actual)
        {
            found = true;
            yield return Finding.Problem(check, $"the network asks for MTU {wanted}, more than parent {name}'s {actual}: the kernel caps a macvlan link at its parent's",
                $"ip link set {name} mtu {wanted}, or recreate the network with -o com.docker.network.driver.mtu={actual}");
        }
        if (settings.ShimName is { } shim && rtnl.TryGetLink(shim) is not { IsUp: true })
        {
            found = true;
            yield return Finding.Warning(check, $"host shim {shim} is missing or down; reconcile rebuilds it", $"ip link set {shim} up");
        }
        if (!found)
            yield return Finding.Ok(check, $"parent {name} up, MTU {parent.Mtu}{(settings.ShimName is { } s ? $", host shim {s} up" : "")}, {endpoints.Count} endpoint(s)");
    }
}
