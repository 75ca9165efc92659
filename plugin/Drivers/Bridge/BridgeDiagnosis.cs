using Csnet.Plugin.Drivers.Diagnosis;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Model;

namespace Csnet.Plugin.Drivers.Bridge;

/// <summary>
/// csnetctl doctor's look at a bridge network: the host can carry it (the same check as at create),
/// its bridge is there and up with the MTU asked for, and each endpoint's veth is on it with the
/// bridge's MTU (a port with a smaller MTU silently drops the larger frames of its neighbours).
/// </summary>
public sealed class BridgeDiagnosis(IRtnl rtnl, BridgeHostCheck hostCheck) : INetworkDiagnosis
{
    public string Mode => BridgeDriver.ModeName;

    public IEnumerable<Finding> Check(Network network, IReadOnlyList<Endpoint> endpoints)
    {
        var settings = network.SettingsAs<BridgeSettings>();
        var check = $"network {DockerId.Short(network.Id)}";
        var name = settings.BridgeName;
        var families = network.Subnets.Select(s => s.Family).Distinct().ToList();
        if (hostCheck.Problem(name, families, settings.Icc, network.Internal) is { } hostProblem)
            yield return Finding.Problem(check, hostProblem, "see the sentence above: csnet does not change another program's firewall or modules");

        var bridge = rtnl.TryGetLink(name);
        if (bridge is null)
        {
            yield return settings.BridgeOwner == LinkOwner.Existing
                ? Finding.Problem(check, $"bridge {name}, which csnet adopted and does not create, is missing", $"create {name} again (ip link add {name} type bridge), or remove the network")
                : Finding.Warning(check, $"bridge {name} is missing; reconcile rebuilds it (a pass every 30 s, at once after a deletion it hears of)",
                    "if it stays missing, see the plugin log for 'Reconcile pass failed'");
            yield break;
        }
        if (!bridge.IsUp)
            yield return Finding.Warning(check, $"bridge {name} is down; reconcile brings it up", $"ip link set {name} up");
        if (settings.Mtu is { } wanted && bridge.Mtu is { } actual && wanted != actual)
            yield return Finding.Problem(check, $"bridge {name} has MTU {actual}, the network asks for {wanted}", $"ip link set {name} mtu {wanted}");

        var detached = new List<string>();
        var mtus = new List<string>();
        foreach (var endpoint in endpoints)
        {
            if (endpoint.LinkName(LinkRole.Host) is not { } host || rtnl.TryGetLink(host) is not { } veth)
                continue;
            if (veth.MasterIndex != bridge.Index)
                detached.Add(host);
            if (veth.Mtu is { } mtu && bridge.Mtu is { } bridgeMtu && mtu < bridgeMtu)
                mtus.Add($"{host} {mtu}");
        }
        if (detached.Count > 0)
            yield return Finding.Warning(check, $"veth {string.Join(", ", detached)} not on bridge {name}; reconcile attaches them again", $"ip link set {detached[0]} master {name}");
        if (mtus.Count > 0)
            yield return Finding.Problem(check, $"endpoint veths with an MTU below bridge {name}'s {bridge.Mtu}: {string.Join(", ", mtus)}",
                $"give them the bridge's MTU (ip link set {mtus[0].Split(' ')[0]} mtu {bridge.Mtu}) or set the network's MTU (-o com.docker.network.driver.mtu)");
        if (detached.Count == 0 && mtus.Count == 0)
            yield return Finding.Ok(check, $"bridge {name} up, MTU {bridge.Mtu}, {endpoints.Count} endpoint(s) attached");
    }
}
