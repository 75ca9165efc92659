using System.Net.Sockets;

namespace Csnet.Plugin.Drivers;

/// <summary>A CreateNetwork request in domain terms: typed subnets of both families and the user's -o options as strings.</summary>
public sealed record NetworkSpec(
    string NetworkId,
    IReadOnlyDictionary<string, string> Options,
    bool Internal,
    bool EnableIPv6,
    IReadOnlyList<SubnetSpec> Subnets)
{
    public IEnumerable<SubnetSpec> SubnetsOf(AddressFamily family) => Subnets.Where(s => s.Family == family);
}
