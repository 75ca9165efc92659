using System.Net;
using System.Net.Sockets;
using Csnet.Plugin.Errors;
using Csnet.Plugin.Kernel.Proc;
using Csnet.Plugin.State;

namespace Csnet.Plugin.Drivers.Ports;

/// <summary>
/// Chooses host ports for -p and stores them on the endpoint. Host ports are host-wide, so one
/// short lock covers every network; it guards only a store read, a few bind probes and one write.
/// </summary>
public sealed class PortAllocator(IEndpointStore endpoints, IHostPorts host)
{
    private readonly Lock _lock = new();

    /// <summary>The endpoint with <paramref name="bindings"/> allocated (replacing what it had), or a conflict naming the holder.</summary>
    public EndpointRecord Publish(NetworkRecord network, EndpointRecord endpoint, IReadOnlyList<PortBinding> bindings)
    {
        lock (_lock)
        {
            var taken = endpoints.WithPorts()
                .Where(e => e.Id != endpoint.Id)
                .SelectMany(e => e.Ports.Select(p => (Holder: e, Port: p)))
                .ToList();
            var chosen = new List<PortRecord>();
            foreach (var binding in bindings)
            {
                var hostIp = HostAddress(binding, network);
                if (hostIp is { AddressFamily: AddressFamily.InterNetworkV6 })
                    continue; // IPv6 publishing comes with IPv6 support; the IPv4 binding of the same -p is made.
                var name = ProtocolName(binding.Proto);
                var (low, high) = binding.HostPort == 0
                    ? host.EphemeralRange()
                    : (binding.HostPort, Math.Max(binding.HostPort, binding.HostPortEnd));
                var port = FirstFree(binding.Proto, hostIp, low, high, taken, chosen);
                if (port is null)
                    throw NoPort(binding, name, hostIp, low, high, taken);
                chosen.Add(new PortRecord { Proto = binding.Proto, HostIp = hostIp?.ToString(), HostPort = port.Value, ContainerPort = binding.Port });
            }
            var updated = endpoint with { Ports = chosen };
            endpoints.Update(updated);
            return updated;
        }
    }

    private int? FirstFree(int proto, IPAddress? hostIp, int low, int high,
        List<(EndpointRecord Holder, PortRecord Port)> taken, List<PortRecord> chosen)
    {
        for (var port = low; port <= high; port++)
        {
            if (taken.Any(t => Overlaps(t.Port, proto, hostIp, port)) || chosen.Any(c => Overlaps(c, proto, hostIp, port)))
                continue;
            if (host.IsFree(proto, hostIp, port))
                return port;
        }
        return null;
    }

    /// <summary>Same protocol and port, and the addresses meet: "every address" meets every address.</summary>
    private static bool Overlaps(PortRecord held, int proto, IPAddress? hostIp, int port) =>
        held.Proto == proto && held.HostPort == port
        && (held.HostIp is null || hostIp is null || IPAddress.Parse(held.HostIp).Equals(hostIp));

    private static IPAddress? HostAddress(PortBinding binding, NetworkRecord network)
    {
        var text = string.IsNullOrEmpty(binding.HostIP) ? network.HostBindingIpv4 : binding.HostIP;
        if (!IPAddress.TryParse(text, out var address))
            throw new CsnetException(ErrorKind.InvalidRequest, $"published port {binding.Port}: host address '{text}' is not an IP address");
        return address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? null : address;
    }

    private static string ProtocolName(int proto) => proto switch
    {
        6 => "tcp",
        17 => "udp",
        132 => "sctp",
        _ => throw new CsnetException(ErrorKind.InvalidRequest, $"IP protocol {proto} cannot be published; use tcp, udp or sctp"),
    };

    private static CsnetException NoPort(PortBinding binding, string name, IPAddress? hostIp, int low, int high,
        List<(EndpointRecord Holder, PortRecord Port)> taken)
    {
        var where = hostIp is null ? "" : $"{hostIp}:";
        if (low == high)
        {
            var holder = taken.FirstOrDefault(t => Overlaps(t.Port, binding.Proto, hostIp, low)).Holder;
            return new CsnetException(ErrorKind.Conflict, holder is not null
                ? $"host port {where}{low}/{name} is already published by endpoint {DockerId.Short(holder.Id)} on network {DockerId.Short(holder.NetworkId)}; choose another host port"
                : $"host port {where}{low}/{name} is in use by another program on this host; choose another host port");
        }
        return new CsnetException(ErrorKind.Exhausted,
            $"no free host port for {binding.Port}/{name} in {where}{low}-{high}; every port there is published or in use");
    }
}
