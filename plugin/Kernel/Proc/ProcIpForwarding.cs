namespace Csnet.Plugin.Kernel.Proc;

/// <summary>
/// Writes /proc/sys directly (no sysctl process). Docker's bridge driver does the same when it
/// starts; csnet cannot rely on dockerd having done it (dockerd may run with --ip-forward=false
/// or start after csnet).
/// </summary>
public sealed class ProcIpForwarding : IIpForwarding
{
    private const string Ipv4Forward = "/proc/sys/net/ipv4/ip_forward";

    public void EnableIPv4()
    {
        if (File.ReadAllText(Ipv4Forward).Trim() != "1")
            File.WriteAllText(Ipv4Forward, "1");
    }
}
