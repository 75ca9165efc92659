using System.Net.Sockets;
using static Tmds.Linux.LibC;

namespace Csnet.Plugin.Kernel.Proc;

/// <summary>
/// Writes /proc/sys directly (no sysctl process). csnet cannot rely on dockerd having turned
/// forwarding on (it may run with --ip-forward=false or start after csnet). /proc/sys/net shows
/// the network namespace of the thread that opens it.
/// </summary>
/// <param name="procRoot">
/// Where the host's procfs is mounted: /proc for a plain process. Inside a managed plugin /proc/sys
/// is read-only (Docker's default spec lists it in ReadonlyPaths), so config.json binds the host's
/// /proc at /host/proc and csnet writes there; with network type "host" the net.* files still
/// belong to the host's namespace.
/// </param>
public sealed class ProcSysctls(string procRoot = ProcSysctls.DefaultRoot) : ISysctls
{
    public const string DefaultRoot = "/proc";

    private const string IpForward = "sys/net/ipv4/ip_forward";

    private string IPv6Conf => Path.Combine(procRoot, "sys/net/ipv6/conf");

    public void EnableIPv4Forwarding()
    {
        if (IPv4ForwardingBlocked() is { } blocked)
            throw new IOException(blocked);
        Ensure(Path.Combine(procRoot, IpForward), "1");
    }

    public bool IPv4ForwardingOn() => File.ReadAllText(Path.Combine(procRoot, IpForward)).Trim() == "1";

    public bool? IPv6ForwardingOn()
    {
        var path = Path.Combine(IPv6Conf, "all/forwarding");
        return File.Exists(path) ? File.ReadAllText(path).Trim() == "1" : null;
    }

    public string? IPv4ForwardingBlocked() => IPv4ForwardingOn() ? null : Problem(procRoot);

    public bool? BridgeNetfilter(AddressFamily family)
    {
        var path = BridgeNetfilterPath(family);
        return File.Exists(path) ? File.ReadAllText(path).Trim() == "1" : null;
    }

    public void EnableBridgeNetfilter(AddressFamily family) => Ensure(BridgeNetfilterPath(family), "1");

    private string BridgeNetfilterPath(AddressFamily family) => Path.Combine(procRoot, "sys/net/bridge",
        family == AddressFamily.InterNetwork ? "bridge-nf-call-iptables" : "bridge-nf-call-ip6tables");

    public IReadOnlyList<string> EnableIPv6Forwarding()
    {
        var all = Path.Combine(IPv6Conf, "all", "forwarding");
        if (File.ReadAllText(all).Trim() == "1")
            return [];
        var changes = new List<string>();
        // accept_ra=2 before forwarding: the kernel purges RA-learned default routes of every
        // interface without it at the moment forwarding goes on.
        foreach (var directory in Directory.EnumerateDirectories(IPv6Conf).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(directory);
            if (name is "all" or "default" or "lo")
                continue;
            var acceptRa = Path.Combine(directory, "accept_ra");
            if (File.Exists(acceptRa) && File.ReadAllText(acceptRa).Trim() == "1")
            {
                File.WriteAllText(acceptRa, "2");
                changes.Add($"net.ipv6.conf.{name}.accept_ra 1 -> 2 (keeps its router-advertised routes with forwarding on)");
            }
        }
        Ensure(Path.Combine(IPv6Conf, "default", "forwarding"), "1");
        File.WriteAllText(all, "1");
        changes.Add("net.ipv6.conf.all.forwarding 0 -> 1 (IPv6 bridge networks route through the host)");
        return changes;
    }

    public void EnableIPv6(string interfaceName) => Ensure(Path.Combine(IPv6Conf, interfaceName, "disable_ipv6"), "0");

    public void DisableRouterAdvertisements(string interfaceName) => Ensure(Path.Combine(IPv6Conf, interfaceName, "accept_ra"), "0");

    public void AnswerArpForOwnAddressesOnly(string interfaceName) =>
        Ensure(Path.Combine(procRoot, $"sys/net/ipv4/conf/{interfaceName}/arp_ignore"), "1");

    public void EnableRouteLocalnet(string interfaceName) =>
        Ensure(Path.Combine(procRoot, $"sys/net/ipv4/conf/{interfaceName}/route_localnet"), "1");

    /// <summary>
    /// Null when csnet can write sysctls below <paramref name="procRoot"/>; otherwise what is wrong,
    /// as a sentence. Checked at start, so a missing or read-only mount stops the plugin's start
    /// rather than failing the first network create.
    /// </summary>
    public static string? Problem(string procRoot)
    {
        var path = Path.Combine(procRoot, IpForward);
        if (!File.Exists(path))
        {
            return $"{path} does not exist; it must be the host's procfs";
        }
        var error = Writable(path);
        if (error == 0)
        {
            return null;
        }
        return error == EROFS
            ? $"{path} is read-only (inside a managed plugin /proc/sys is; mount the host's /proc elsewhere, read-write)"
            : $"{path} is not writable: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(error)}";
    }

    /// <summary>0, or the errno of access(W_OK): EROFS for a read-only mount, EACCES without rights.</summary>
    private static unsafe int Writable(string path)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes)
        {
            return access(p, W_OK) == 0 ? 0 : errno;
        }
    }

    private static readonly string[] PerInterface = ["ipv4/route_localnet", "ipv6/disable_ipv6", "ipv6/accept_ra"];

    public IReadOnlyDictionary<string, string> Capture(string interfaceName)
    {
        var values = new Dictionary<string, string>();
        foreach (var key in PerInterface)
        {
            var path = InterfacePath(key, interfaceName);
            if (File.Exists(path))
                values[key] = File.ReadAllText(path).Trim();
        }
        return values;
    }

    public void Restore(string interfaceName, IReadOnlyDictionary<string, string> values)
    {
        foreach (var (key, value) in values.Where(v => PerInterface.Contains(v.Key)))
        {
            var path = InterfacePath(key, interfaceName);
            if (File.Exists(path))
                Ensure(path, value);
        }
    }

    private string InterfacePath(string key, string interfaceName)
    {
        var (family, name) = (key[..key.IndexOf('/')], key[(key.IndexOf('/') + 1)..]);
        return Path.Combine(procRoot, $"sys/net/{family}/conf/{interfaceName}/{name}");
    }

    private static void Ensure(string path, string value)
    {
        if (File.ReadAllText(path).Trim() != value)
            File.WriteAllText(path, value);
    }
}
