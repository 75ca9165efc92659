using Csnet.Plugin.Kernel.Nftables;
using Csnet.Plugin.State;

namespace Csnet.Plugin.Drivers.Bridge;

/// <summary>
/// Brings the firewall in line with the stored bridge networks. Reading the store and applying
/// happen under one lock, so two networks created at once cannot apply stale sets over each other.
/// </summary>
public sealed class BridgeFirewall(INetworkStore networks, IFirewall firewall)
{
    private readonly Lock _lock = new();

    public void Sync()
    {
        lock (_lock)
        {
            firewall.Apply(RulesFor(networks.All()));
        }
    }

    internal static IReadOnlyCollection<NetworkRules> RulesFor(IEnumerable<NetworkRecord> records) =>
        records
            .Where(n => n.Mode == BridgeDriver.ModeName)
            .SelectMany(n => n.Subnets.Select(s => (Network: n, Pool: Cidr.Parse(s.Pool))))
            .Select(x => new NetworkRules
            {
                NetworkId = x.Network.Id,
                Bridge = x.Network.BridgeName,
                Subnet = x.Pool.Network,
                PrefixLength = x.Pool.PrefixLength,
                Masquerade = x.Network.Masquerade,
                Internal = x.Network.Internal,
                Icc = x.Network.Icc,
            })
            .ToList();
}
