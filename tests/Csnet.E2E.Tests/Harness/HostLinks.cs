namespace Csnet.E2E.Tests.Harness;

/// <summary>Reads the host network namespace's links through <c>ip -o link</c>.</summary>
public static class HostLinks
{
    /// <summary>Link names, without the <c>@peer</c> suffix ip prints for veths.</summary>
    public static IReadOnlySet<string> Names()
    {
        var result = ProcessRunner.Run("ip", "-o", "link", "show");
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("cannot list links\n" + result);
        }
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var line in result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // "7: br-1234@NONE: <BROADCAST,...>" -> "br-1234"
            var parts = line.Split(':', 3);
            if (parts.Length < 3)
            {
                continue;
            }
            var name = parts[1].Trim();
            var at = name.IndexOf('@');
            names.Add(at >= 0 ? name[..at] : name);
        }
        return names;
    }

    public static bool Exists(string name) => Names().Contains(name);

    /// <summary>The kind ip reports in its details (bridge, veth, macvlan…), or "" for plain devices.</summary>
    public static string Kind(string name)
    {
        var result = ProcessRunner.Run("ip", "-d", "-o", "link", "show", "dev", name);
        if (!result.Succeeded)
        {
            return "";
        }
        var tokens = result.Stdout.Split((char[])[' ', '\\', '\t'], StringSplitOptions.RemoveEmptyEntries);
        // In "-d" output the kind follows the "promiscuity N" pair ("... promiscuity 0 allmulti 0 minmtu 68 maxmtu 65535 bridge ...")
        // on recent iproute2; it is the first of these well-known words we meet.
        string[] kinds = ["bridge", "veth", "macvlan", "ipvlan", "vxlan", "dummy", "bond", "vlan"];
        return tokens.FirstOrDefault(t => kinds.Contains(t)) ?? "";
    }

    public static void Delete(string name) => ProcessRunner.Run("ip", "link", "del", "dev", name);

    public static IReadOnlyList<string> Added(IReadOnlySet<string> before) =>
        Names().Where(n => !before.Contains(n)).ToList();

    /// <summary>
    /// Links whose alias is csnet's ownership tag for <paramref name="networkId"/>
    /// (<c>csnet:&lt;network12&gt;</c> on its bridge, <c>csnet:&lt;network12&gt;/&lt;endpoint12&gt;</c> on its veths).
    /// </summary>
    public static IReadOnlyList<string> TaggedFor(string networkId)
    {
        var tag = "alias csnet:" + (networkId.Length > 12 ? networkId[..12] : networkId);
        var result = ProcessRunner.Run("ip", "-o", "link", "show");
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("cannot list links\n" + result);
        }
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.Contains(tag, StringComparison.Ordinal))
            .Select(line => line.Split(':', 3)[1].Trim().Split('@')[0])
            .ToList();
    }
}
