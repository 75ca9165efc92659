namespace Csnet.E2E.Tests.Harness;

/// <summary>
/// The host settings dockerd and the plugin change, captured before the suite starts dockerd and
/// put back on dispose: ip_forward, the bridge netfilter switches, the iptables filter/nat tables
/// (FORWARD policy included), the links and netns present, and the directories dockerd creates
/// outside its own roots.
/// </summary>
public sealed partial class HostState
{
    private const string IpForward = "/proc/sys/net/ipv4/ip_forward";

    private static readonly string[] Sysctls =
    [
        IpForward,
        "/proc/sys/net/bridge/bridge-nf-call-iptables",
        "/proc/sys/net/bridge/bridge-nf-call-ip6tables",
        // IPv6 networks turn forwarding on, and csnet first sets accept_ra=2 where it was 1.
        "/proc/sys/net/ipv6/conf/all/forwarding",
        "/proc/sys/net/ipv6/conf/default/forwarding",
    ];

    // dockerd 20.10 writes the first ones even with its own --data-root/--exec-root: the v1 plugin
    // directory, the containerd shim socket directory, and /etc/docker/key.json (trust key).
    private static readonly string[] OutsidePaths =
    [
        "/run/docker/plugins",
        "/run/docker",
        "/run/containerd",
        "/etc/docker/key.json",
        "/etc/docker",
    ];

    private readonly Dictionary<string, string> _sysctls = new();
    private readonly HashSet<string> _nftTables;
    private readonly Dictionary<string, string> _iptablesSaves = new();
    private readonly HashSet<string> _existingPaths;

    private HostState()
    {
        var acceptRa = Directory.Exists("/proc/sys/net/ipv6/conf")
            ? Directory.EnumerateDirectories("/proc/sys/net/ipv6/conf")
                .Where(d => Path.GetFileName(d) is not ("all" or "default" or "lo"))
                .Select(d => Path.Combine(d, "accept_ra"))
            : [];
        foreach (var path in Sysctls.Concat(acceptRa).Where(File.Exists))
        {
            _sysctls[path] = File.ReadAllText(path).Trim();
        }
        _nftTables = NftTables();
        foreach (var table in new[] { "filter", "nat" })
        {
            if (_nftTables.Contains("ip " + table))
            {
                var save = ProcessRunner.Run("iptables-save", "-t", table);
                if (save.Succeeded)
                {
                    _iptablesSaves[table] = save.Stdout;
                }
            }
        }
        ForwardPolicy = _nftTables.Contains("ip filter") ? ReadForwardPolicy() : "ACCEPT";
        Links = HostLinks.Names();
        Netns = NetnsNames();
        _existingPaths = OutsidePaths.Where(p => File.Exists(p) || Directory.Exists(p)).ToHashSet();
    }

    public string ForwardPolicy { get; }

    public IReadOnlySet<string> Links { get; }

    public IReadOnlySet<string> Netns { get; }

    public static HostState Capture() => new();

    /// <summary>
    /// Writes the snapshot as plain files under <paramref name="dir"/>, so tests/e2e/cleanup-stale.sh
    /// can undo a run whose test host was killed before Dispose could.
    /// </summary>
    public void Save(string dir)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllLines(Path.Combine(dir, "sysctls"), _sysctls.Select(kv => $"{kv.Key} {kv.Value}"));
        File.WriteAllLines(Path.Combine(dir, "nft-tables"), _nftTables);
        foreach (var (table, save) in _iptablesSaves)
        {
            File.WriteAllText(Path.Combine(dir, $"iptables-{table}.save"), save);
        }
        File.WriteAllLines(Path.Combine(dir, "existing-paths"), _existingPaths);
        File.WriteAllLines(Path.Combine(dir, "links"), Links);
    }

    public static string ReadForwardPolicy()
    {
        var result = ProcessRunner.Run("iptables", "-S", "FORWARD");
        var line = result.Stdout.Split('\n').FirstOrDefault(l => l.StartsWith("-P FORWARD ", StringComparison.Ordinal));
        return line?["-P FORWARD ".Length..].Trim() ?? "unknown";
    }

    public static IReadOnlySet<string> NetnsNames()
    {
        var result = ProcessRunner.Run("ip", "netns", "list");
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ')[0])
            .ToHashSet();
    }

    /// <summary>Puts everything back; returns what it did, for the log.</summary>
    public IReadOnlyList<string> Restore()
    {
        var log = new List<string>();

        // Other sessions on this machine create links and netns of their own at the same time (kernel
        // tests), so only links named the way dockerd names them are removed here; scenarios remove
        // what their networks left behind themselves (TestScope.Dispose).
        foreach (var name in HostLinks.Added(Links).Where(IsDockerdLink))
        {
            if (HostLinks.Exists(name))
            {
                HostLinks.Delete(name);
                log.Add($"deleted leftover link {name}");
            }
        }

        foreach (var ns in NetnsNames().Where(n => !Netns.Contains(n) && n.StartsWith("csnet-e2e", StringComparison.Ordinal)))
        {
            ProcessRunner.Run("ip", "netns", "del", ns);
            log.Add($"deleted leftover netns {ns}");
        }

        var tablesNow = NftTables();
        foreach (var table in new[] { "filter", "nat" })
        {
            if (_iptablesSaves.TryGetValue(table, out var save))
            {
                var restore = ProcessRunner.Run("iptables-restore", ["-T", table], TimeSpan.FromSeconds(30), stdin: save);
                log.Add(restore.Succeeded ? $"restored iptables table {table}" : $"FAILED to restore iptables table {table}\n{restore}");
            }
            else if (tablesNow.Contains("ip " + table))
            {
                // The table did not exist before dockerd made it; removing it is the exact undo.
                var delete = ProcessRunner.Run("nft", "delete", "table", "ip", table);
                log.Add(delete.Succeeded ? $"deleted iptables table ip {table} (created during the run)" : $"FAILED to delete table ip {table}\n{delete}");
            }
        }
        foreach (var table in tablesNow.Where(t => !_nftTables.Contains(t) && t.Contains("csnet", StringComparison.OrdinalIgnoreCase)))
        {
            var parts = table.Split(' ');
            ProcessRunner.Run("nft", "delete", "table", parts[0], parts[1]);
            log.Add($"deleted leftover nftables table {table}");
        }
        foreach (var table in NftTables().Where(t => !_nftTables.Contains(t)))
        {
            log.Add($"left new nftables table {table} alone");
        }

        foreach (var (path, value) in _sysctls)
        {
            if (File.Exists(path) && File.ReadAllText(path).Trim() != value)
            {
                File.WriteAllText(path, value + "\n");
                log.Add($"restored {path} = {value}");
            }
        }

        foreach (var path in OutsidePaths.Where(p => !_existingPaths.Contains(p)))
        {
            if (File.Exists(path))
            {
                File.Delete(path);
                log.Add($"removed {path}");
            }
            else if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
                log.Add($"removed {path}/");
            }
        }
        return log;
    }

    private static bool IsDockerdLink(string name) =>
        name == "docker0" || DockerdLinkName().IsMatch(name);

    [System.Text.RegularExpressions.GeneratedRegex("^(br-[0-9a-f]{12}|veth[0-9a-f]{7})$")]
    private static partial System.Text.RegularExpressions.Regex DockerdLinkName();

    private static HashSet<string> NftTables()
    {
        var result = ProcessRunner.Run("nft", "list", "tables");
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.StartsWith("table ", StringComparison.Ordinal))
            .Select(l => l["table ".Length..].Trim())
            .ToHashSet();
    }
}
