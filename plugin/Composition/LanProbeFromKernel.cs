using System.Net;
using System.Net.NetworkInformation;
using Csnet.Ipam;
using Csnet.Plugin.Kernel.Probe;
using Csnet.Plugin.Kernel.Rtnl;

namespace Csnet.Plugin.Composition;

/// <summary>
/// The IPAM's LAN probe: the link by name, then the host's own addresses (a probe leaves through
/// the link, so the host never answers its own), then ARP or DAD on that link only. A link that is
/// missing, down or without a MAC cannot be probed, and nobody there could answer: null.
/// </summary>
public sealed class LanProbeFromKernel(IRtnl rtnl, INeighbourProbe probe) : ILanProbe
{
    public ValueTask<PhysicalAddress?> ProbeAsync(string linkName, IPAddress address, CancellationToken cancellationToken)
    {
        if (rtnl.TryGetLink(linkName) is not { IsUp: true, MacAddress: { } mac } link)
            return ValueTask.FromResult<PhysicalAddress?>(null);
        if (rtnl.GetAddresses().FirstOrDefault(a => a.Address.Equals(address)) is { } own)
            return ValueTask.FromResult<PhysicalAddress?>(rtnl.TryGetLink(own.LinkIndex)?.MacAddress ?? mac);
        return probe.ProbeAsync(link.Index, mac, address, cancellationToken);
    }
}
