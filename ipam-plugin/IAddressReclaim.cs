using System.Net;

namespace Csnet.Ipam;

/// <summary>
/// What the network driver's reconcile needs from the IPAM when Docker's own release calls were
/// lost (the plugin was down while Docker removed containers or networks, or it crashed between a
/// RequestAddress and the CreateEndpoint that would have used it).
/// </summary>
public interface IAddressReclaim
{
    /// <summary>Addresses held in the pools attached to <paramref name="networkId"/>, gateways and addresses the network reserved itself (a host shim) left out.</summary>
    IReadOnlyList<HeldAddress> HeldAddresses(string networkId);

    /// <summary>Releases <paramref name="address"/> in the pool of <paramref name="networkId"/> holding it; false when none did.</summary>
    bool ReleaseAddress(string networkId, IPAddress address);

    /// <summary>Releases every pool attached to <paramref name="networkId"/> with its addresses; returns how many.</summary>
    int ReleasePools(string networkId);

    /// <summary>Every pool held: its id, the network it is attached to (null before CreateNetwork), when it was requested.</summary>
    IReadOnlyList<HeldPool> Pools();

    /// <summary>Releases one pool with its addresses (the reconcile's ReleasePool).</summary>
    void ReleasePool(string poolId);
}

public sealed record HeldPool(string PoolId, string? NetworkId, DateTime RequestedUtc);

/// <summary>An address in use: when it was handed out, and whether it was asked for by value (--ip, --aux-address).</summary>
public sealed record HeldAddress(IPAddress Address, DateTime AllocatedUtc, bool Explicit);
