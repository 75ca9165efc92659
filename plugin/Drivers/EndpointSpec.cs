using System.Net.NetworkInformation;

namespace Csnet.Plugin.Drivers;

/// <summary>A CreateEndpoint request in domain terms. MacAddress is null when the daemon left it empty.</summary>
public sealed record EndpointSpec(
    string NetworkId,
    string EndpointId,
    Cidr? Address,
    Cidr? AddressIPv6,
    PhysicalAddress? MacAddress);
