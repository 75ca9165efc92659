using System.Net;
using System.Net.Sockets;
using Csnet.Plugin.Errors;
using Csnet.Plugin.Kernel.Proc;
using Csnet.Plugin.Model;
using Csnet.Plugin.State;

namespace Csnet.Plugin.Drivers.Ports;

/// <summary>
/// Chooses host ports for -p and stores them on the endpoint. Host ports are host-wide, so one
/// short lock covers every network; it guards only a store read, a few bind probes and one write.
/// A port is held per family: 0.0.0.0:80 and [::]:80 are two different ports.
/// </summary>
public sealed class PortAllocator(IEndpointStore endpoints, IHostPorts host)
{
    private readonly Lock _lock = new();

    /// <summary>The endpoint with <paramref name="claims"/> allocated (replacing what it had), or a conflict naming the holder.</summary>
    public Endpoint Publish(Endpoint endpoint, IReadOnlyList<PortClaim> claims)
    {
        lock (_lock)
        {
            var taken = endpoints.WithPorts()
                .Where(e => e.Id != endpoint.Id)
                .SelectMany(e => e.Ports.Select(p => (Holder: e, Port: p)))
                .ToList();
            var chosen = new List<PublishedPort>();
            foreach (var claim in claims)
            {
                if (claim.Routed)
                {
                    chosen.Add(new PublishedPort(claim.Protocol, claim.Family, null, 0, claim.ContainerPort));
                    continue;
                }
                var (low, high) = claim.HostPortLow == 0
                    ? host.EphemeralRange()
                    : (claim.HostPortLow, Math.Max(claim.HostPortLow, claim.HostPortHigh));
                var port = FirstFree(claim, low, high, taken, chosen)
                    ?? throw NoPort(claim, low, high, taken);
                chosen.Add(new PublishedPort(claim.Protocol, claim.Family, claim.HostIp, port, claim.ContainerPort));
            }
            return endpoints.SetPorts(endpoint.Id, chosen)
                ?? throw CsnetException.NotFound($"endpoint {DockerId.Short(endpoint.Id)} was deleted while its ports were published");
        }
    }

    private int? FirstFree(PortClaim claim, int low, int high,
        List<(Endpoint Holder, PublishedPort Port)> taken, List<PublishedPort> chosen)
    {
        for (var port = low; port <= high; port++)
        {
            if (taken.Any(t => Overlaps(t.Port, claim, port)) || chosen.Any(c => Overlaps(c, claim, port)))
                continue;
            if (host.IsFree((int)claim.Protocol, claim.Family, claim.HostIp, port))
                return port;
        }
        return null;
    }

    /// <summary>Same protocol, family and port, and the addresses meet: "every address" meets every address.</summary>
    private static bool Overlaps(PublishedPort held, PortClaim claim, int port) =>
        held.HostPort != 0 && held.Protocol == claim.Protocol && held.Family == claim.Family && held.HostPort == port
        && (held.HostIp is null || claim.HostIp is null || held.HostIp.Equals(claim.HostIp));

    private static CsnetException NoPort(PortClaim claim, int low, int high, List<(Endpoint Holder, PublishedPort Port)> taken)
    {
        var name = claim.Protocol.ToString().ToLowerInvariant();
        var where = claim.HostIp is null
            ? claim.Family == AddressFamily.InterNetworkV6 ? "[::]:" : ""
            : claim.Family == AddressFamily.InterNetworkV6 ? $"[{claim.HostIp}]:" : $"{claim.HostIp}:";
        if (low == high)
        {
            var holder = taken.FirstOrDefault(t => Overlaps(t.Port, claim, low)).Holder;
            return new CsnetException(ErrorKind.Conflict, holder is not null
                ? $"host port {where}{low}/{name} is already published by endpoint {DockerId.Short(holder.Id)} on network {DockerId.Short(holder.NetworkId)}; choose another host port"
                : $"host port {where}{low}/{name} is in use by another program on this host; choose another host port");
        }
        return new CsnetException(ErrorKind.Exhausted,
            $"no free host port for {claim.ContainerPort}/{name} in {where}{low}-{high}; every port there is published or in use");
    }
}
