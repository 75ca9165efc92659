namespace Csnet.E2E.Tests.Harness;

/// <summary>
/// Macvlan helpers: a "LAN" made of a network namespace behind a veth pair whose host end is the
/// parent, and networks of the scope's macvlan driver (Docker's macvlan, or csnet's mode=macvlan).
/// </summary>
public sealed partial class TestScope
{
    /// <summary>
    /// A LAN: netns "e2e{id}-{role}" holding "eth0", the peer of host link <see cref="Lan.Parent"/>
    /// (both up). The LAN host takes the given addresses (CIDR, IPv6 without duplicate address
    /// detection). The host end has no address unless the scenario gives it one. Removed on dispose.
    /// </summary>
    public Lan CreateLan(string role, params string[] lanAddresses)
    {
        var netns = Name(role);
        var parent = $"e2l{Id}{role[..Math.Min(role.Length, 6)]}";
        _netns.Add(netns);
        _links.Add(parent);
        HostCommand("ip", "netns", "add", netns);
        HostCommand("ip", "link", "add", parent, "type", "veth", "peer", "name", "eth0", "netns", netns);
        HostCommand("ip", "link", "set", parent, "up");
        HostCommand("ip", "-n", netns, "link", "set", "lo", "up");
        HostCommand("ip", "-n", netns, "link", "set", "eth0", "up");
        foreach (var address in lanAddresses)
        {
            AddLanAddress(new Lan(netns, parent), address);
        }
        return new Lan(netns, parent);
    }

    /// <summary>One more address on the LAN host (a second machine on the LAN, as far as ARP and NDP can tell).</summary>
    public void AddLanAddress(Lan lan, string cidr)
    {
        string[] nodad = cidr.Contains(':') ? ["nodad"] : [];
        HostCommand(["ip", "-n", lan.Netns, "addr", "add", cidr, "dev", "eth0", .. nodad]);
    }

    /// <summary>
    /// docker network create with the scope's macvlan driver on <paramref name="parent"/> (none when
    /// null): -d macvlan for the reference, -d csnet --ipam-driver csnet -o mode=macvlan for csnet.
    /// </summary>
    public string CreateMacvlanNetwork(string role, string? parent, params string[] options)
    {
        var name = Name(role);
        lock (_networks)
        {
            _networks.Add(name);
        }
        Must(["network", "create", .. MacvlanArgs(parent), .. options, name]);
        return name;
    }

    /// <summary>The same, unchecked: for networks that must be refused.</summary>
    public CommandResult TryCreateMacvlanNetwork(string role, string? parent, params string[] options) =>
        DockerTrackedNetwork(Name(role), ["network", "create", .. MacvlanArgs(parent), .. options, Name(role)]);

    /// <summary>A bounded ping from a netns this scenario made (null: from the host), unchecked.</summary>
    public CommandResult PingFrom(string? netns, string target)
    {
        var family = target.Contains(':') ? "-6" : "-4";
        string[] ping = [HostBusybox, "ping", family, "-c", "1", "-W", "2", target];
        string[] args = netns is null ? ping : ["ip", "netns", "exec", netns, .. ping];
        var result = ProcessRunner.Run(args[0], args.Skip(1), TimeSpan.FromSeconds(10));
        Log($"{netns ?? "host"}: {Summarize(result)}");
        return result;
    }

    /// <summary>A ping from a netns (or the host) that must get through; a few attempts, since the first neighbour resolution can be slow.</summary>
    public void MustPingFrom(string? netns, string target, int attempts = 3)
    {
        CommandResult? last = null;
        for (var i = 0; i < attempts; i++)
        {
            last = PingFrom(netns, target);
            if (last.Succeeded)
            {
                return;
            }
        }
        Fail($"{netns ?? "the host"} cannot ping {target}", last);
    }

    /// <summary>A ping from a netns (or the host) that must not get through.</summary>
    public void MustNotPingFrom(string? netns, string target)
    {
        var result = PingFrom(netns, target);
        if (result.Succeeded)
        {
            Fail($"{netns ?? "the host"} reached {target}, which it must not", result);
        }
    }

    /// <summary>
    /// Why this host cannot make a link of <paramref name="kind"/> (vlan, dummy), found by trying in a
    /// throwaway netns; null when it can.
    /// </summary>
    public string? MissingLinkKind(string kind)
    {
        var netns = Name("probe-" + kind);
        _netns.Add(netns);
        HostCommand("ip", "netns", "add", netns);
        try
        {
            if (kind != "vlan")
            {
                return Why(HostTry("ip", "-n", netns, "link", "add", "d0", "type", kind));
            }
            HostCommand("ip", "-n", netns, "link", "add", "v0", "type", "veth", "peer", "name", "v1");
            return Why(HostTry("ip", "-n", netns, "link", "add", "link", "v0", "name", "v0.10", "type", "vlan", "id", "10"));
        }
        finally
        {
            HostTry("ip", "netns", "del", netns);
        }

        string? Why(CommandResult result) => result.Succeeded
            ? null
            : $"this kernel cannot make {kind} links (ip: {result.Stderr.Trim()}); that part runs on hosts that can";
    }

    private string[] MacvlanArgs(string? parent)
    {
        string[] parentArgs = parent is null ? [] : ["-o", $"parent={parent}"];
        return IsCsnet
            ? ["-d", Drivers.Csnet, "--ipam-driver", Drivers.Csnet, "-o", "mode=macvlan", .. parentArgs]
            : ["-d", Drivers.Macvlan, .. parentArgs];
    }
}

/// <summary>A LAN of a scenario: its netns and the host link that is the macvlan parent.</summary>
public sealed record Lan(string Netns, string Parent);
