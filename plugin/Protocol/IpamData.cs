namespace Csnet.Plugin.Protocol;

/// <summary>One subnet of a network as the IPAM driver gave it; Gateway and AuxAddresses may be absent.</summary>
public sealed record IpamData(
    string? AddressSpace,
    string? Pool,
    string? Gateway,
    Dictionary<string, string>? AuxAddresses);
