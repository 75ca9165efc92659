using Csnet.Plugin.Kernel.Proc;

namespace Csnet.Plugin.Tests.Support;

/// <summary>Sysctl writes, recorded instead of made.</summary>
internal sealed class RecordingSysctls : ISysctls
{
    public List<string> Writes { get; } = [];

    public void EnableIPv4Forwarding() => Writes.Add("ipv4 forwarding");

    public IReadOnlyList<string> EnableIPv6Forwarding()
    {
        Writes.Add("ipv6 forwarding");
        return ["net.ipv6.conf.all.forwarding 0 -> 1"];
    }

    public void EnableIPv6(string interfaceName) => Writes.Add($"ipv6 on {interfaceName}");

    public void DisableRouterAdvertisements(string interfaceName) => Writes.Add($"accept_ra 0 on {interfaceName}");

    public void EnableRouteLocalnet(string interfaceName) => Writes.Add($"route_localnet on {interfaceName}");

    public void AnswerArpForOwnAddressesOnly(string interfaceName) => Writes.Add($"arp_ignore 1 on {interfaceName}");

    public Dictionary<string, string> Captured { get; } = new() { ["ipv4/route_localnet"] = "0" };

    public IReadOnlyDictionary<string, string> Capture(string interfaceName) => Captured;

    public void Restore(string interfaceName, IReadOnlyDictionary<string, string> values) =>
        Writes.Add($"restore {interfaceName}: {string.Join(",", values.Select(v => $"{v.Key}={v.Value}"))}");
}
