using System.Net.Sockets;
using Csnet.Plugin.Drivers.Bridge;
using Csnet.Plugin.Kernel.Rtnl;

namespace Csnet.Plugin.Composition;

/// <summary>
/// The interfaces that carry the host's default routes, ECMP paths included. On hosts whose uplink is itself a bridge
/// (br0, Proxmox's vmbr0) the firewall exempts them from bridge-to-bridge isolation, so csnet
/// containers keep their way out.
/// </summary>
public sealed class UplinksFromKernel(IRtnl rtnl) : IUplinkInterfaces
{
    public IReadOnlyCollection<string> Names() =>
        new[] { AddressFamily.InterNetwork, AddressFamily.InterNetworkV6 }
            .SelectMany(rtnl.GetDefaultRoutes)
            .SelectMany(r => r.OutputIndexes)
            .Distinct()
            .Select(index => rtnl.TryGetLink(index)?.Name)
            .OfType<string>()
            .Distinct()
            .ToList();
}
