using System.Net;
using System.Net.Sockets;

namespace Csnet.E2E.Tests.Harness;

/// <summary>IPv6 helpers: per-scenario ULA subnets and what the container's kernel reports.</summary>
public sealed partial class TestScope
{
    /// <summary>
    /// "fd5c:e2e:{octet}:{0 bridge, 1 csnet}": a /64 of a test-only ULA range, never the host's
    /// own IPv6 network; append "::/64" for the subnet, "::N" for an address.
    /// </summary>
    public string Net6(int octet) => $"fd5c:e2e:{octet}:{(IsCsnet ? 1 : 0)}";

    /// <summary>The global IPv6 address of eth0 inside the container.</summary>
    public IPAddress Eth0Address6(string container)
    {
        var result = Exec(container, "ip", "-6", "-o", "addr", "show", "dev", "eth0", "scope", "global");
        var tokens = result.Stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var inet6 = Array.IndexOf(tokens, "inet6");
        if (!result.Succeeded || inet6 < 0 || inet6 + 1 >= tokens.Length)
        {
            Fail($"no global IPv6 address on eth0 in {container}", result);
        }
        return IPAddress.Parse(tokens[inet6 + 1].Split('/')[0]);
    }

    /// <summary>The container's IPv6 default route, as "ip -6 route" prints it (empty when none).</summary>
    public string DefaultRoute6(string container) =>
        Exec(container, "ip", "-6", "route", "show", "default").Stdout.Trim();

    /// <summary>What docker inspect reports as the container's IPv6 address on <paramref name="network"/>.</summary>
    public string ContainerIp6(string container, string network) =>
        Must("inspect", "--format", $"{{{{(index .NetworkSettings.Networks \"{network}\").GlobalIPv6Address}}}}", container).Stdout.Trim();

    /// <summary>Every subnet docker network inspect shows, in its order.</summary>
    public IReadOnlyList<string> NetworkSubnets(string network) =>
        Must("network", "inspect", "--format", "{{range .IPAM.Config}}{{.Subnet}} {{end}}", network).Stdout
            .Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Adds IPv6 addresses (without duplicate address detection) to both ends of an external host's veth.</summary>
    public void AddExternalIPv6(string netns, string hostLink, string nsLink, string hostCidr, string nsCidr)
    {
        HostCommand("ip", "addr", "add", hostCidr, "dev", hostLink, "nodad");
        HostCommand("ip", "-n", netns, "addr", "add", nsCidr, "dev", nsLink, "nodad");
    }

    /// <summary>A bounded ping from the container that must succeed (a few attempts: neighbour discovery may be slow).</summary>
    public void MustPing6(string fromContainer, string target, int attempts = 3)
    {
        CommandResult? last = null;
        for (var i = 0; i < attempts; i++)
        {
            last = Exec(fromContainer, "ping", "-6", "-c", "1", "-W", "2", target);
            if (last.Succeeded)
            {
                return;
            }
        }
        Fail($"{fromContainer} cannot ping6 {target}", last);
    }

    public static bool IsIPv6Prefix(string prefix) =>
        IPNetwork.TryParse(prefix, out var parsed) && parsed.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6;

    /// <summary>A docker command that may create network <paramref name="name"/>; it is removed on dispose if it exists.</summary>
    public CommandResult DockerTrackedNetwork(string name, params string[] args)
    {
        lock (_networks)
        {
            _networks.Add(name);
        }
        return Docker(args);
    }
}
