namespace Csnet.Plugin.Drivers;

/// <summary>A CreateNetwork request in domain terms: typed subnets and the user's -o options as strings.</summary>
public sealed record NetworkSpec(
    string NetworkId,
    IReadOnlyDictionary<string, string> Options,
    bool Internal,
    bool EnableIPv6,
    IReadOnlyList<SubnetSpec> IPv4,
    IReadOnlyList<SubnetSpec> IPv6);
