using System.Net;
using System.Net.NetworkInformation;
using Csnet.Common.Addressing;
using Csnet.Plugin.Drivers;
using Csnet.Plugin.Drivers.Macvlan;
using Csnet.Plugin.Drivers.Steps;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Model;
using Csnet.Plugin.State;
using Csnet.Plugin.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Csnet.Plugin.Tests.Drivers.Macvlan;

/// <summary>A macvlan driver over a fake kernel holding a host NIC "eth1" (MTU 1500), real stores in memory.</summary>
internal sealed class MacvlanHarness : IDisposable
{
    public const string NetId = "4d4d4d4d4d4d0123456789abcdef0123456789abcdef0123456789abcdef0001";
    public const string OtherNetId = "5e5e5e5e5e5e0123456789abcdef0123456789abcdef0123456789abcdef0002";
    public const string EpId = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
    public const string Child = "csmfedcba987654";
    public const string Shim = "cshim4d4d4d4d4d";
    public const string Parent = "eth1";

    public MacvlanHarness()
    {
        ParentLink = Kernel.Existing(new OtherLink("") { Name = Parent, Mtu = 1500, IsUp = true, MacAddress = PhysicalAddress.Parse("02-00-00-00-00-E1") });
        Driver = DriverWith(State.Journal);
    }

    /// <summary>Another driver over the same fake kernel and stores (a different journal, as in a crash test).</summary>
    public MacvlanDriver DriverWith(IIntentJournal journal) =>
        new(Kernel, State.Networks, State.Endpoints, Sysctls, new StepRunner(NullLogger<StepRunner>.Instance),
            TimeProvider.System, NullLogger<MacvlanDriver>.Instance, journal);

    public StateFixture State { get; } = new(withMacvlan: true);
    public FakeRtnl Kernel { get; } = new();
    public RecordingSysctls Sysctls { get; } = new();
    public MacvlanDriver Driver { get; }
    public Link ParentLink { get; }

    public static SubnetSpec V4(string pool = "10.40.1.0/24", string? gateway = "10.40.1.1/24") =>
        new(IpPrefix.Parse(pool), gateway is null ? null : CidrAddress.Parse(gateway), new Dictionary<string, IPAddress>());

    public static SubnetSpec V6(string pool = "fd5c:40:1::/64", string? gateway = "fd5c:40:1::1/64") => V4(pool, gateway);

    /// <summary>A macvlan network on eth1 (unless the options name another parent or none).</summary>
    public static NetworkSpec Spec(params (string, string)[] options)
    {
        var map = options.ToDictionary(o => o.Item1, o => o.Item2);
        map.TryAdd(MacvlanOptionKeys.Mode, MacvlanDriver.ModeName);
        map.TryAdd(MacvlanOptionKeys.Parent, Parent);
        if (map[MacvlanOptionKeys.Parent].Length == 0)
            map.Remove(MacvlanOptionKeys.Parent);
        return new NetworkSpec(NetId, map, Internal: false, EnableIPv6: false, [V4()]);
    }

    public static NetworkSpec DualStack(params (string, string)[] options) =>
        Spec(options) with { EnableIPv6 = true, Subnets = [V4(), V6()] };

    public Network Create(NetworkSpec? spec = null) => Driver.CreateNetwork(spec ?? Spec(), default);

    public Endpoint Endpoint(Network network, string id = EpId, string? v4 = "10.40.1.5/24", string? v6 = null, PhysicalAddress? mac = null)
    {
        Driver.CreateEndpoint(network,
            new EndpointSpec(network.Id, id, v4 is null ? null : CidrAddress.Parse(v4), v6 is null ? null : CidrAddress.Parse(v6), mac), default);
        return State.Endpoints.Find(id)!;
    }

    public void Dispose() => State.Dispose();
}
