using Csnet.Ipam;
using Csnet.Plugin.Model;
using Csnet.Plugin.State;

namespace Csnet.Plugin.Admin;

/// <summary>Builds the admin views from csnet's own records (never the Docker API).</summary>
public sealed class AdminViewBuilder(INetworkStore networks, IEndpointStore endpoints, IIpamReport ipam)
{
    public IReadOnlyList<NetworkView> Networks()
    {
        var pools = Pools();
        return [.. networks.All().OrderBy(n => n.Id, StringComparer.Ordinal).Select(n => View(n, pools, endpoints.ForNetwork(n.Id).Count))];
    }

    public IReadOnlyList<PoolView> Pools() =>
        [.. ipam.Usage().Select(p => new PoolView(p.Id, p.AddressSpace, p.Pool, p.SubPool, p.NetworkId, p.Used, p.Usable, p.LargestFree))];

    /// <summary>The network whose id is or starts with <paramref name="reference"/>; an error names the candidates.</summary>
    public (NetworkDetailView? Detail, string? Problem) Network(string reference)
    {
        var matches = networks.All().Where(n => n.Id.StartsWith(reference, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count == 0)
            return (null, $"no csnet network has an id starting with '{reference}'; `csnetctl ls` lists them (docker network inspect -f '{{{{.Id}}}}' NAME gives a network's id)");
        if (matches.Count > 1 && matches.All(n => !n.Id.Equals(reference, StringComparison.OrdinalIgnoreCase)))
            return (null, $"'{reference}' matches {matches.Count} networks ({string.Join(", ", matches.Select(n => DockerId.Short(n.Id)))}); give more of the id");
        var network = matches.Count == 1 ? matches[0] : matches.First(n => n.Id.Equals(reference, StringComparison.OrdinalIgnoreCase));
        var members = endpoints.ForNetwork(network.Id).OrderBy(e => e.CreatedAt).ThenBy(e => e.Id, StringComparer.Ordinal).Select(EndpointOf).ToList();
        return (new NetworkDetailView(View(network, Pools(), members.Count), members), null);
    }

    private static NetworkView View(Network network, IReadOnlyList<PoolView> pools, int endpointCount) => new(
        network.Id,
        network.Mode,
        network.Internal,
        network.EnableIPv6,
        [.. network.Subnets.Select(s => new SubnetView(s.Prefix.ToString(), s.Gateway?.ToString()))],
        network.Settings.HostLink,
        endpointCount,
        [.. pools.Where(p => p.NetworkId == network.Id)]);

    private static EndpointView EndpointOf(Endpoint endpoint) => new(
        endpoint.Id,
        [.. endpoint.Addresses.Select(a => a.ToString())],
        endpoint.MacAddress is { } mac ? MacAddresses.Format(mac) : null,
        endpoint.LinkName(LinkRole.Host),
        endpoint.LinkName(LinkRole.Container),
        endpoint.SandboxKey,
        [.. endpoint.Ports.Select(p => new PortView(p.Protocol.ToString().ToLowerInvariant(), p.HostIp?.ToString() ?? (p.Family == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "::" : "0.0.0.0"), p.HostPort, p.ContainerPort))]);
}
