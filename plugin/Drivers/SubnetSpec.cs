namespace Csnet.Plugin.Drivers;

/// <summary>One subnet of a network request: the pool, the gateway the IPAM gave (if any), aux addresses.</summary>
public sealed record SubnetSpec(Cidr Pool, Cidr? Gateway, IReadOnlyDictionary<string, Cidr> AuxAddresses);
