namespace Csnet.Plugin.Kernel.Proc;

/// <summary>
/// Writes /proc/sys directly (no sysctl process). csnet cannot rely on dockerd having turned
/// forwarding on (it may run with --ip-forward=false or start after csnet).
/// </summary>
public sealed class ProcSysctls : ISysctls
{
    public void EnableIPv4Forwarding() => Ensure("/proc/sys/net/ipv4/ip_forward");

    public void EnableRouteLocalnet(string interfaceName) =>
        Ensure($"/proc/sys/net/ipv4/conf/{interfaceName}/route_localnet");

    private static void Ensure(string path)
    {
        if (File.ReadAllText(path).Trim() != "1")
            File.WriteAllText(path, "1");
    }
}
