using System.Net.Sockets;
using Csnet.Plugin.Drivers.Firewall;
using Csnet.Plugin.Drivers.Ports;
using Csnet.Plugin.Drivers.Steps;
using Csnet.Plugin.Errors;
using Csnet.Plugin.Kernel.Proc;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Model;
using Csnet.Plugin.State;
using Microsoft.Extensions.Logging;

namespace Csnet.Plugin.Drivers.Bridge;

/// <summary>
/// mode=bridge: a Linux bridge per network with one subnet per family (dual-stack), a veth pair per
/// endpoint, NAT, isolation and published ports through the firewall policy. Split by concern:
/// networks in BridgeDriver.Networks.cs, endpoints in BridgeDriver.Endpoints.cs, start-up repair in
/// BridgeDriver.Restore.cs.
/// </summary>
public sealed partial class BridgeDriver(
    IRtnl rtnl,
    INetworkStore networks,
    IEndpointStore endpoints,
    FirewallSync firewall,
    ISysctls sysctls,
    PortAllocator ports,
    StepRunner steps,
    TimeProvider time,
    ILogger<BridgeDriver> logger,
    IUplinkInterfaces? uplinks = null,
    IIntentJournal? journal = null,
    FaultPoints? faults = null,
    BridgeHostCheck? hostCheck = null,
    LinkReaper? reaper = null) : INetworkDriver
{
    // Bridge names being set up right now: two networks asking for one name at once (each under
    // its own network lock) must not both pass the "is it free" check.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _claimedNames = new(StringComparer.Ordinal);

    // The last host problem each network was reported with, so a pass logs changes, not every 30 s.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _hostProblems = new(StringComparer.Ordinal);

    // Bridge ifindexes by name, so an endpoint's create names its master without a lookup first.
    private readonly BridgeIndexCache _bridgeIndexes = new(rtnl);

    public const string ModeName = "bridge";

    /// <summary>
    /// The longest IPv6 network one bridge takes. An IPv6 link is a /64 (64-bit interface identifiers,
    /// RFC 4291 §2.5.1): SLAAC and neighbour discovery assume it, and Docker's own IPAM allocates only
    /// inside the first /64 of a larger subnet, so anything beyond a /64 on one bridge is addresses
    /// nobody can use.
    /// </summary>
    public const int ShortestIPv6Prefix = 64;

    public string Mode => ModeName;

    /// <summary>Runs <paramref name="work"/> with its intent in the journal; a crash inside leaves it there for <see cref="Recover"/>.</summary>
    private void Journaled(string operation, string networkId, string? endpointId, IReadOnlyDictionary<string, string> data, Action work) =>
        IntentScope.Run(journal, new Intent(operation, ModeName, networkId, endpointId, data, time.GetUtcNow().UtcDateTime), work);

    private void Reached(string operation, string point) => faults?.Reached(operation, point);

    /// <summary>A bridge network routes through its gateways, so the IPAM must always give them.</summary>
    public (bool IPv4, bool IPv6) SkipGatewayAllocation(IReadOnlyDictionary<string, string> options) => (false, false);

    public void Validate(NetworkSpec spec)
    {
        BridgeOptions.Parse(spec.Options);
        var problems = new List<string>();
        var v4 = spec.SubnetsOf(AddressFamily.InterNetwork).ToList();
        var v6 = spec.SubnetsOf(AddressFamily.InterNetworkV6).ToList();
        if (v4.Count == 0)
            problems.Add("the network has no IPv4 subnet; use --ipam-driver csnet (optionally with --subnet) so the bridge gets an address range");
        if (v4.Count > 1 || v6.Count > 1)
            problems.Add($"a bridge network takes one IPv4 and one IPv6 subnet, as Docker's own bridge driver ('bridge driver doesn't support multiple subnets'); got {string.Join(", ", spec.Subnets.Select(s => s.Pool))}: give one --subnet per family, or create a second network for the other subnet");
        if (v6.Count > 0 && !spec.EnableIPv6)
            problems.Add($"IPv6 subnet {v6[0].Pool} needs --ipv6; add --ipv6 or drop the IPv6 --subnet");
        if (spec.EnableIPv6 && v6.Count == 0)
            problems.Add("--ipv6 was given but the IPAM supplied no IPv6 subnet; use --ipam-driver csnet (it picks a /64) or give an IPv6 --subnet");
        foreach (var whole in spec.Subnets.Where(s => s.Pool.PrefixLength == 0))
            problems.Add($"subnet {whole.Pool} is the whole address space (--ipam-driver null sends it); masquerading it would NAT every packet the host sends: use --ipam-driver csnet or give a --subnet");
        foreach (var large in v6.Where(s => s.Pool.PrefixLength is > 0 and < ShortestIPv6Prefix))
            problems.Add($"IPv6 subnet {large.Pool} is larger than /{ShortestIPv6Prefix}: a bridge is one link, and an IPv6 link is a /64 (its addresses have 64-bit interface IDs, RFC 4291); use a /64 of it, like {large.Pool.NetworkAddress}/64");
        if (problems.Count > 0)
            throw new CsnetException(ErrorKind.InvalidRequest, string.Join("; ", problems));
    }
}
