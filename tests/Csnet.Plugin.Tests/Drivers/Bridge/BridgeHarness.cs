using System.Net;
using System.Net.Sockets;
using Csnet.Common.Addressing;
using Csnet.Plugin.Drivers;
using Csnet.Plugin.Drivers.Bridge;
using Csnet.Plugin.Drivers.Firewall;
using Csnet.Plugin.Drivers.Ports;
using Csnet.Plugin.Drivers.Steps;
using Csnet.Plugin.Kernel.Nftables;
using Csnet.Plugin.Kernel.LegacyXtables;
using Csnet.Plugin.Kernel.Proc;
using Csnet.Plugin.Model;
using Csnet.Plugin.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Csnet.Plugin.Tests.Drivers.Bridge;

/// <summary>A bridge driver over a fake kernel, real stores in memory and a recording firewall.</summary>
internal sealed class BridgeHarness : IDisposable
{
    public const string NetId = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    public const string EpId = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
    public const string BridgeName = "csbr-0123456789";
    public const string HostVeth = "csvfedcba987654";
    public const string ContainerVeth = "cscfedcba987654";

    /// <param name="withReaper">Endpoint links go through a <see cref="LinkReaper"/> (as in production) instead of being deleted at once.</param>
    public BridgeHarness(bool withReaper = false)
    {
        Reaper = withReaper ? new LinkReaper(Kernel, NullLogger<LinkReaper>.Instance) : null;
        Firewall.Setup(f => f.Apply(It.IsAny<IReadOnlyCollection<NetworkRules>>()))
            .Callback<IReadOnlyCollection<NetworkRules>>(r => Applied.Add(r));
        HostPorts.Setup(h => h.EphemeralRange()).Returns((40000, 40010));
        HostPorts.Setup(h => h.IsFree(It.IsAny<int>(), It.IsAny<AddressFamily>(), It.IsAny<IPAddress?>(), It.IsAny<int>())).Returns(true);
        var sync = new FirewallSync(State.Networks, State.Endpoints, [new BridgeFirewallPolicy(null, NullLogger<BridgeFirewallPolicy>.Instance)],
            Firewall.Object, TimeProvider.System, NullLogger<FirewallSync>.Instance);
        Driver = new BridgeDriver(Kernel, State.Networks, State.Endpoints, sync, Sysctls,
            new PortAllocator(State.Endpoints, HostPorts.Object), new StepRunner(NullLogger<StepRunner>.Instance), TimeProvider.System,
            NullLogger<BridgeDriver>.Instance, journal: State.Journal, hostCheck: new BridgeHostCheck(Sysctls, Legacy.Object), reaper: Reaper);
    }

    // With the macvlan codec too, so a test can put both modes on one store.
    public StateFixture State { get; } = new(withMacvlan: true);
    public FakeRtnl Kernel { get; } = new();
    public RecordingSysctls Sysctls { get; } = new();
    public Mock<IFirewall> Firewall { get; } = new();
    public Mock<IHostPorts> HostPorts { get; } = new();

    /// <summary>The legacy iptables filter table; none unless a test sets one up.</summary>
    public Mock<ILegacyXtables> Legacy { get; } = new();
    public List<IReadOnlyCollection<NetworkRules>> Applied { get; } = [];
    public BridgeDriver Driver { get; }

    public LinkReaper? Reaper { get; }

    public NetworkRules LastRules => Applied.Last().Single();

    public static SubnetSpec V4(string pool = "10.90.0.0/24", string? gateway = "10.90.0.1/24") =>
        new(IpPrefix.Parse(pool), gateway is null ? null : CidrAddress.Parse(gateway), new Dictionary<string, IPAddress>());

    public static SubnetSpec V6(string pool = "fd5c:90::/64", string? gateway = "fd5c:90::1/64") => V4(pool, gateway);

    public static NetworkSpec Spec(params (string, string)[] options) => new(
        NetId, options.ToDictionary(o => o.Item1, o => o.Item2), Internal: false, EnableIPv6: false, [V4()]);

    public static NetworkSpec DualStack(params (string, string)[] options) =>
        Spec(options) with { EnableIPv6 = true, Subnets = [V4(), V6()] };

    public Network Create(NetworkSpec? spec = null) => Driver.CreateNetwork(spec ?? Spec(), default);

    public Endpoint Endpoint(Network network, string id = EpId, string? v4 = "10.90.0.5/24", string? v6 = null)
    {
        Driver.CreateEndpoint(network,
            new EndpointSpec(network.Id, id, v4 is null ? null : CidrAddress.Parse(v4), v6 is null ? null : CidrAddress.Parse(v6), null), default);
        return State.Endpoints.Find(id)!;
    }

    public void Dispose() => State.Dispose();
}
