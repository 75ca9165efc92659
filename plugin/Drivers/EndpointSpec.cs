using System.Net.NetworkInformation;
using System.Net.Sockets;
using Csnet.Common.Addressing;

namespace Csnet.Plugin.Drivers;

/// <summary>A CreateEndpoint request in domain terms. MacAddress is null when the daemon left it empty.</summary>
public sealed record EndpointSpec(
    string NetworkId,
    string EndpointId,
    CidrAddress? Address,
    CidrAddress? AddressIPv6,
    PhysicalAddress? MacAddress)
{
    public IReadOnlyList<CidrAddress> Addresses =>
        new[] { Address, AddressIPv6 }.OfType<CidrAddress>().ToList();

    public CidrAddress? AddressOf(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? AddressIPv6 : Address;
}
