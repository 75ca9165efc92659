using Csnet.Ipam;
using Csnet.Plugin.Drivers;
using Csnet.Plugin.Drivers.Macvlan;
using Csnet.Plugin.Model;

namespace Csnet.Plugin.Composition;

/// <summary>
/// Tells the IPAM which network holds each pool, so its overlap errors can name the network; for
/// macvlan networks also where to probe addresses (the parent) and which to keep from containers (the host shim).
/// </summary>
public sealed class PoolOwnersListener(IPoolOwners owners) : INetworkAttachmentListener
{
    public void NetworkCreated(Network network)
    {
        var macvlan = network.Settings as MacvlanSettings;
        var attachment = new PoolAttachment(network.Id)
        {
            ProbeLink = macvlan?.ProbeLink,
            Reserved = macvlan?.ShimAddresses ?? [],
        };
        foreach (var subnet in network.Subnets)
            owners.AttachNetwork(subnet.Prefix.ToString(), attachment);
    }
}
