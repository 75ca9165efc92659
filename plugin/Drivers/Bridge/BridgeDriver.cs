using Csnet.Plugin.Drivers.Ports;
using Csnet.Plugin.Drivers.Steps;
using Csnet.Plugin.Errors;
using Csnet.Plugin.Kernel.Proc;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.State;
using Microsoft.Extensions.Logging;

namespace Csnet.Plugin.Drivers.Bridge;

/// <summary>
/// mode=bridge: a Linux bridge per network, a veth pair per endpoint, masquerade and forwarding
/// rules per subnet. Split by concern: networks in BridgeDriver.Networks.cs, endpoints in
/// BridgeDriver.Endpoints.cs.
/// </summary>
public sealed partial class BridgeDriver(
    IRtnl rtnl,
    INetworkStore networks,
    IEndpointStore endpoints,
    BridgeFirewall firewall,
    ISysctls sysctls,
    PortAllocator ports,
    StepRunner steps,
    TimeProvider time,
    ILogger<BridgeDriver> logger) : INetworkDriver
{
    public const string ModeName = "bridge";

    public string Mode => ModeName;

    /// <summary>A bridge network routes through its gateway, so the IPAM must always give one.</summary>
    public bool SkipGatewayAllocation(IReadOnlyDictionary<string, string> options) => false;

    public void Validate(NetworkSpec spec)
    {
        BridgeOptions.Parse(spec.Options);
        if (spec.EnableIPv6 || spec.IPv6.Count > 0)
            throw CsnetException.NotSupported("IPv6 (--ipv6) is not supported by csnet yet; create the network without --ipv6");
        if (spec.IPv4.Count == 0)
            throw new CsnetException(ErrorKind.InvalidRequest,
                "the network has no IPv4 subnet; use --ipam-driver csnet (optionally with --subnet) so the bridge gets an address range");
    }

    /// <summary>Ownership tag in IFLA_IFALIAS: traces a kernel link back to its record.</summary>
    private static string Tag(string networkId, string? endpointId = null) =>
        endpointId is null ? $"csnet:{DockerId.Short(networkId)}" : $"csnet:{DockerId.Short(networkId)}/{DockerId.Short(endpointId)}";
}
