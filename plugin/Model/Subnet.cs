using System.Net;
using System.Net.Sockets;
using Csnet.Common.Addressing;

namespace Csnet.Plugin.Model;

/// <summary>One subnet of a network: the pool, the gateway (none when the IPAM gave none), reserved aux addresses.</summary>
public sealed record Subnet(IpPrefix Prefix, IPAddress? Gateway, IReadOnlyDictionary<string, IPAddress> AuxAddresses)
{
    public AddressFamily Family => Prefix.Family;

    /// <summary>The gateway with the subnet's prefix length, as it goes on an interface.</summary>
    public CidrAddress? GatewayCidr => Gateway is null ? null : new CidrAddress(Gateway, Prefix.PrefixLength);
}
