using Csnet.Ipam;
using Csnet.Plugin.Drivers;
using Csnet.Plugin.Model;

namespace Csnet.Plugin.Composition;

/// <summary>Tells the IPAM which network holds each pool, so its overlap errors can name the network.</summary>
public sealed class PoolOwnersListener(IPoolOwners owners) : INetworkAttachmentListener
{
    public void NetworkCreated(Network network)
    {
        foreach (var subnet in network.Subnets)
            owners.AttachNetwork(subnet.Prefix.ToString(), network.Id);
    }
}
