namespace Csnet.Ipam.State;

/// <summary>
/// The IPAM's collections that hold what users made (pools and their addresses), for tools outside
/// the IPAM that must know whether a database is in use (<c>csnetctl state import</c> refuses to
/// replace one that is). The settings collection holds only the host id and does not count.
/// </summary>
public static class IpamCollections
{
    public const string Pools = LiteDbIpamStore.PoolCollection;
    public const string Addresses = LiteDbIpamStore.AddressCollection;
}
