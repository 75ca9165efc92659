using Csnet.Plugin.Model;

namespace Csnet.Plugin.Drivers;

/// <summary>Told when a network is created, so the IPAM can name the network that holds a pool.</summary>
public interface INetworkAttachmentListener
{
    void NetworkCreated(Network network);
}
