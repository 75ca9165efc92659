using Csnet.Plugin.Drivers.Reconcile;
using System.Net;
using Csnet.Plugin.Model;

namespace Csnet.Plugin.Drivers.Macvlan;

public sealed partial class MacvlanDriver
{
    /// <summary>
    /// A change cut short by a crash (see BridgeDriver.Recover for why creates are undone and deletes
    /// completed). A saved network or endpoint goes with all its delete steps, which are not
    /// journaled again: the intent being recovered stays until they are done. Without a record, the
    /// kernel objects the intent names are taken back: the endpoint's child and the shim's routes to
    /// its addresses; the shim, and a parent csnet made for this network when no other network uses it.
    /// </summary>
    public void Recover(Intent intent)
    {
        switch (intent.Operation)
        {
            case Intent.CreateNetwork or Intent.DeleteNetwork when networks.Find(intent.NetworkId) is { } saved:
                DeleteNetworkSteps(saved);
                break;
            case Intent.CreateNetwork:
                lock (_parents)
                {
                    if (intent.Data.GetValueOrDefault(ShimKey) is { } shim)
                        rtnl.TryDeleteLink(shim);
                    if (intent.Data.GetValueOrDefault(CreatedParentKey) is { } parent && !OthersOn(parent, intent.NetworkId).Any())
                        rtnl.TryDeleteLink(parent);
                }
                break;
            case Intent.CreateEndpoint or Intent.DeleteEndpoint when intent.EndpointId is not null
                && endpoints.Find(intent.EndpointId) is { } made && networks.Find(intent.NetworkId) is { } of:
                DeleteEndpointSteps(of, made);
                break;
            case Intent.CreateEndpoint when intent.EndpointId is not null:
                rtnl.TryDeleteLink(MacvlanNames.Child(intent.EndpointId));
                if (networks.Find(intent.NetworkId) is { } network)
                {
                    var settings = network.SettingsAs<MacvlanSettings>();
                    foreach (var address in IntentAddresses(intent))
                        _kernel.DeleteShimRoute(settings, address);
                }
                break;
        }
        RepairMetrics.Count(RepairKind.CrashRecovered);
        logger.IntentRecovered(intent.Operation, DockerId.Short(intent.NetworkId), intent.EndpointId is null ? "" : DockerId.Short(intent.EndpointId));
    }

    private static IEnumerable<IPAddress> IntentAddresses(Intent intent) =>
        intent.Data.GetValueOrDefault(AddressesKey)?.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(IPAddress.Parse) ?? [];
}
