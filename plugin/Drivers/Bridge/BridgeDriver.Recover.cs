using Csnet.Plugin.Drivers.Reconcile;
using Csnet.Plugin.Model;

namespace Csnet.Plugin.Drivers.Bridge;

public sealed partial class BridgeDriver
{
    /// <summary>
    /// A change cut short by a crash. Docker never got a success for it: its retry arrives with an
    /// empty body, which is refused, so it rolls back on its side. A create is therefore undone: a
    /// saved record goes with all its steps (as a delete would), otherwise the kernel objects are
    /// taken back from the intent (csnet's bridge deleted, or the gateway addresses and settings put
    /// on an adopted bridge restored; an endpoint's veth deleted). A delete is completed: every one
    /// of its steps tolerates what is already gone.
    /// </summary>
    public void Recover(Intent intent)
    {
        switch (intent.Operation)
        {
            case Intent.CreateNetwork when networks.Find(intent.NetworkId) is { } saved:
                DeleteNetworkSteps(saved);
                break;
            case Intent.CreateNetwork:
                var bridge = BridgeIntents.Bridge(intent);
                if (BridgeIntents.Owner(intent) == LinkOwner.Csnet)
                {
                    rtnl.TryDeleteLink(bridge);
                }
                else if (rtnl.TryGetLink(bridge) is not null)
                {
                    foreach (var gateway in BridgeIntents.Gateways(intent))
                        rtnl.TryDeleteAddress(bridge, gateway.Address, gateway.PrefixLength);
                    sysctls.Restore(bridge, BridgeIntents.Originals(intent));
                }
                firewall.Sync();
                break;
            case Intent.CreateEndpoint when intent.EndpointId is not null
                && endpoints.Find(intent.EndpointId) is { } made && networks.Find(intent.NetworkId) is { } of:
                DeleteEndpointSteps(of, made);
                break;
            case Intent.CreateEndpoint:
                rtnl.TryDeleteLink(intent.Data["HostVeth"]);
                break;
            case Intent.DeleteEndpoint when intent.EndpointId is not null
                && endpoints.Find(intent.EndpointId) is { } endpoint && networks.Find(intent.NetworkId) is { } owner:
                DeleteEndpointSteps(owner, endpoint);
                break;
            case Intent.DeleteNetwork when networks.Find(intent.NetworkId) is { } network:
                DeleteNetworkSteps(network);
                break;
        }
        RepairMetrics.Count(RepairKind.CrashRecovered);
        logger.IntentRecovered(intent.Operation, DockerId.Short(intent.NetworkId), intent.EndpointId is null ? "" : DockerId.Short(intent.EndpointId));
    }
}
