using System.Net.Sockets;
using Csnet.Common.Addressing;
using Csnet.Plugin.Drivers.Steps;
using Csnet.Plugin.Errors;
using Csnet.Plugin.Kernel.Proc;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Model;
using Csnet.Plugin.State;
using Microsoft.Extensions.Logging;

namespace Csnet.Plugin.Drivers.Macvlan;

/// <summary>
/// mode=macvlan: every endpoint is a macvlan child of the network's parent link, so containers sit
/// on the parent's LAN with their own MAC and address, as with Docker's macvlan driver. No bridge,
/// no NAT, no published ports. Beyond Docker: a host shim, addresses probed on the LAN (by the
/// IPAM), VLAN parents kept across restarts. Split by concern: networks and parents in
/// MacvlanDriver.Networks.cs, endpoints in MacvlanDriver.Endpoints.cs, repair in
/// MacvlanDriver.Reconcile.cs and MacvlanDriver.Recover.cs, the kernel steps in MacvlanSteps.cs.
/// </summary>
public sealed partial class MacvlanDriver(
    IRtnl rtnl,
    INetworkStore networks,
    IEndpointStore endpoints,
    ISysctls sysctls,
    StepRunner steps,
    TimeProvider time,
    ILogger<MacvlanDriver> logger,
    IIntentJournal? journal = null,
    FaultPoints? faults = null) : INetworkDriver
{
    public const string ModeName = "macvlan";

    // What a create's intent names, so a crash's recovery can take back what has no record yet.
    private const string ShimKey = "Shim";
    private const string CreatedParentKey = "CreatedParent";
    private const string AddressesKey = "Addresses";

    /// <summary>
    /// Parents are shared between networks (a VLAN link csnet made, passthru exclusivity, subnets per
    /// parent), and the per-network locks do not cover that: decisions about parents take this one.
    /// It is held only for a few short netlink calls per network create, delete or repair.
    /// </summary>
    private readonly Lock _parents = new();

    private readonly MacvlanSteps _kernel = new(rtnl, sysctls);

    /// <summary>Networks whose host parent is missing and already logged as such (a pass every 30 s must not repeat it). Under <see cref="_parents"/>.</summary>
    private readonly HashSet<string> _missingParents = new(StringComparer.Ordinal);

    public string Mode => ModeName;

    private void Journaled(string operation, string networkId, string? endpointId, IReadOnlyDictionary<string, string> data, Action work) =>
        IntentScope.Run(journal, new Intent(operation, ModeName, networkId, endpointId, data, time.GetUtcNow().UtcDateTime), work);

    /// <summary>The delete steps' crash points (CSNET_FAULT_EXIT_AT); the create steps' are the step runner's.</summary>
    private void Reached(string operation, string point) => faults?.Reached(operation, point);

    /// <summary>
    /// As Docker's macvlan (GetSkipGwAlloc → true, true): the gateway is a router on the LAN, not
    /// an address csnet puts anywhere, so the IPAM reserves one only when the user gives --gateway.
    /// </summary>
    public (bool IPv4, bool IPv6) SkipGatewayAllocation(IReadOnlyDictionary<string, string> options) => (true, true);

    public void Validate(NetworkSpec spec)
    {
        var options = MacvlanOptions.Parse(spec.Options);
        var problems = new List<string>();
        var v6 = spec.SubnetsOf(AddressFamily.InterNetworkV6).ToList();
        if (v6.Count > 0 && !spec.EnableIPv6)
            problems.Add($"IPv6 subnet {v6[0].Pool} needs --ipv6; add --ipv6 or drop the IPv6 --subnet");
        foreach (var whole in spec.Subnets.Where(s => s.Pool.PrefixLength == 0))
            problems.Add($"subnet {whole.Pool} is the whole address space (--ipam-driver null sends it); give the LAN's --subnet");
        foreach (var shim in options.HostShim)
        {
            var subnet = spec.Subnets.FirstOrDefault(s => s.Pool.Contains(shim));
            if (subnet is null)
                problems.Add($"option {MacvlanOptionKeys.HostShim}: {shim} is in no subnet of the network ({string.Join(", ", spec.Subnets.Select(s => s.Pool))}); give an address of the LAN's subnet");
            else if (subnet.Gateway?.Address.Equals(shim) == true)
                problems.Add($"option {MacvlanOptionKeys.HostShim}: {shim} is the gateway of {subnet.Pool}; give the shim an address of its own");
            else if (!subnet.Pool.Usable.Contains(IpPrefix.ToUInt128(shim)))
                problems.Add($"option {MacvlanOptionKeys.HostShim}: {shim} is the network or broadcast address of {subnet.Pool}");
        }
        if (options.HostShim.Count > 0 && options.Parent is null)
            problems.Add($"option {MacvlanOptionKeys.HostShim} needs -o parent: without a parent the network reaches no LAN, and the host has nothing to reach it through");
        if (problems.Count > 0)
            throw new CsnetException(ErrorKind.InvalidRequest, string.Join("; ", problems));
    }
}
