using System.Net;

namespace Csnet.Ipam;

/// <summary>
/// What the network driver tells the IPAM about a pool when a network takes it. Docker sends the
/// network's options only to the driver, and only after the pool and the gateway were requested,
/// so this is how facts about the network (a macvlan parent, a host shim) reach the IPAM.
/// </summary>
public sealed record PoolAttachment(string NetworkId)
{
    /// <summary>
    /// The link on which addresses the user did not name are probed before they are handed out
    /// (a macvlan network's parent); null: no probe.
    /// </summary>
    public string? ProbeLink { get; init; }

    /// <summary>Addresses of the pool the network uses itself (a macvlan host shim); reserved so no container gets them.</summary>
    public IReadOnlyList<IPAddress> Reserved { get; init; } = [];
}
