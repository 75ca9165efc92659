namespace Csnet.Ipam;

/// <summary>
/// Lets the network driver tell the IPAM which network a pool belongs to. Docker never sends the
/// network to the IPAM, so without this an overlap error could only name the pool ID.
/// </summary>
public interface IPoolOwners
{
    /// <summary>
    /// Records <paramref name="networkId"/> as the user of the pool given by its ID
    /// (<c>LocalDefault/10.90.0.0/24</c>) or its CIDR (<c>10.90.0.0/24</c>, as in CreateNetwork's
    /// <c>IPv4Data[].Pool</c>). An unknown pool is logged and ignored so network creation never fails on it.
    /// </summary>
    void AttachNetwork(string poolCidrOrId, string networkId);

    /// <summary>
    /// The same, with what else the IPAM must know about the network: where to probe addresses
    /// and which addresses the network uses itself. Reserved addresses outside the pool are ignored.
    /// </summary>
    void AttachNetwork(string poolCidrOrId, PoolAttachment attachment);
}
