namespace Csnet.Plugin.Kernel.Proc;

/// <summary>
/// Writes /proc/sys directly (no sysctl process). csnet cannot rely on dockerd having turned
/// forwarding on (it may run with --ip-forward=false or start after csnet). /proc/sys/net shows
/// the network namespace of the thread that opens it.
/// </summary>
public sealed class ProcSysctls : ISysctls
{
    private const string IPv6Conf = "/proc/sys/net/ipv6/conf";

    public void EnableIPv4Forwarding() => Ensure("/proc/sys/net/ipv4/ip_forward", "1");

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

    public void AnswerArpForOwnAddressesOnly(string interfaceName) => Ensure(Path.Combine("/proc/sys/net/ipv4/conf", interfaceName, "arp_ignore"), "1");

    public void EnableRouteLocalnet(string interfaceName) =>
        Ensure($"/proc/sys/net/ipv4/conf/{interfaceName}/route_localnet", "1");

    private static void Ensure(string path, string value)
    {
        if (File.ReadAllText(path).Trim() != value)
            File.WriteAllText(path, value);
    }
}
