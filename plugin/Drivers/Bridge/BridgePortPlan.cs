using System.Net;
using System.Net.Sockets;
using Csnet.Plugin.Drivers.Ports;
using Csnet.Plugin.Errors;
using Csnet.Plugin.Model;

namespace Csnet.Plugin.Drivers.Bridge;

/// <summary>
/// Turns Docker's port map into claims, each in its own family, as Docker's bridge does:
/// <c>-p 8080:80</c> publishes on every IPv4 address (or host_binding_ipv4) and, when the container
/// has an IPv6 address, on every IPv6 address; <c>-p 0.0.0.0:8080:80</c> on IPv4 only;
/// <c>-p [::]:8080:80</c> on IPv6 only. A family the container has no address in cannot be
/// published (there is no proxy to translate between families): that binding is skipped, and
/// logged when the user named that family.
/// A family in routed gateway mode takes no host port.
/// </summary>
public static class BridgePortPlan
{
    public static IReadOnlyList<PortClaim> Claims(Network network, Endpoint endpoint, IReadOnlyList<PortRequest> requests, Action<string> skipped)
    {
        var settings = network.SettingsAs<BridgeSettings>();
        var claims = new List<PortClaim>();
        foreach (var request in requests)
        {
            foreach (var (family, hostIp, asked) in Bindings(request, settings))
            {
                if (endpoint.AddressOf(family) is null)
                {
                    // A binding the user did not spell out (-p 8080:80 on an IPv4-only network) is simply not made.
                    if (asked)
                        skipped($"{Spell(request, family, hostIp)} (the container has no {(family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} address)");
                    continue;
                }
                var routed = (family == AddressFamily.InterNetwork ? settings.GatewayModeIPv4 : settings.GatewayModeIPv6) == GatewayMode.Routed;
                claims.Add(new PortClaim(request.Protocol, family, hostIp, request.ContainerPort, request.HostPortStart, request.HostPortEnd, routed));
            }
        }
        return claims;
    }

    // Asked: the user named the family with a host address.
    private static IEnumerable<(AddressFamily Family, IPAddress? HostIp, bool Asked)> Bindings(PortRequest request, BridgeSettings settings)
    {
        if (request.HostIp is null)
        {
            if (settings.HostBindingIPv4.Equals(IPAddress.Any))
            {
                yield return (AddressFamily.InterNetwork, null, false);
                yield return (AddressFamily.InterNetworkV6, null, false);
            }
            else
            {
                yield return (AddressFamily.InterNetwork, settings.HostBindingIPv4, false);
            }
            yield break;
        }
        if (request.HostIp.AddressFamily == AddressFamily.InterNetworkV6 && IPAddress.IsLoopback(request.HostIp))
        {
            throw new CsnetException(ErrorKind.InvalidRequest,
                $"-p [::1]:{request.HostPortStart}:{request.ContainerPort}: the IPv6 loopback address cannot be forwarded to a container (IPv6 has no route_localnet); publish on 127.0.0.1 or [::]");
        }
        var any = request.HostIp.Equals(IPAddress.Any) || request.HostIp.Equals(IPAddress.IPv6Any);
        yield return (request.HostIp.AddressFamily, any ? null : request.HostIp, true);
    }

    private static string Spell(PortRequest request, AddressFamily family, IPAddress? hostIp)
    {
        var address = hostIp?.ToString() ?? (family == AddressFamily.InterNetworkV6 ? "::" : "0.0.0.0");
        var host = family == AddressFamily.InterNetworkV6 ? $"[{address}]" : address;
        return $"-p {host}:{request.HostPortStart}:{request.ContainerPort}/{request.Protocol.ToString().ToLowerInvariant()}";
    }
}
