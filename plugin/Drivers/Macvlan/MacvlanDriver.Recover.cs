using Csnet.Plugin.Model;

namespace Csnet.Plugin.Drivers.Macvlan;

public sealed partial class MacvlanDriver
{
    /// <summary>
    /// A change cut short by a crash (see BridgeDriver.Recover for why creates are undone and deletes
    /// completed). A saved network or endpoint goes with all its steps; without a record, the links
    /// the intent names are taken back: the endpoint's child, the shim, and a parent csnet made for
    /// this network when no other network uses it. Every step tolerates what is already gone.
    /// </summary>
    public void Recover(Intent intent)
    {
        switch (intent.Operation)
        {
            case Intent.CreateNetwork or Intent.DeleteNetwork when networks.Find(intent.NetworkId) is { } saved:
                DeleteNetwork(saved);
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
                DeleteEndpoint(of, made);
                break;
            case Intent.CreateEndpoint when intent.EndpointId is not null:
                rtnl.TryDeleteLink(MacvlanNames.Child(intent.EndpointId));
                break;
        }
        logger.IntentRecovered(intent.Operation, DockerId.Short(intent.NetworkId), intent.EndpointId is null ? "" : DockerId.Short(intent.EndpointId));
    }
}
