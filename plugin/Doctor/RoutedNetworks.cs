using System.Net.Sockets;
using Csnet.Plugin.Drivers.Bridge;
using Csnet.Plugin.Model;

namespace Csnet.Plugin.Doctor;

/// <summary>Which networks route through the host (bridge, not internal): they need forwarding and the FORWARD chain open.</summary>
internal static class RoutedNetworks
{
    public static IEnumerable<Network> Of(IReadOnlyList<Network> networks, AddressFamily family) =>
        networks.Where(n => n.Mode == BridgeDriver.ModeName && !n.Internal && n.Subnets.Any(s => s.Family == family));

    public static string Names(IEnumerable<Network> networks) => string.Join(", ", networks.Select(n => DockerId.Short(n.Id)));
}
