using System.Net;
using System.Net.Sockets;
using Csnet.Common.Addressing;

namespace Csnet.Plugin.Drivers;

/// <summary>
/// One subnet of a network request, as Docker's IPv4Data/IPv6Data entry gave it: the pool, the
/// gateway (with the prefix length the IPAM answered), aux addresses.
/// </summary>
public sealed record SubnetSpec(IpPrefix Pool, CidrAddress? Gateway, IReadOnlyDictionary<string, IPAddress> AuxAddresses)
{
    public AddressFamily Family => Pool.Family;
}
