using System.Net;
using Csnet.Plugin.Drivers;
using Csnet.Plugin.Drivers.Reconcile;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Model;
using Csnet.Plugin.State;
using Xunit;
using static Csnet.Plugin.Tests.Drivers.Bridge.BridgeHarness;

namespace Csnet.Plugin.Tests.Drivers.Bridge;

public sealed class BridgeDriverReconcileTests : IDisposable
{
    private const string Second = "9edcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
    private readonly BridgeHarness _h = new();

    public void Dispose() => _h.Dispose();

    private static ReconcileContext Later(IReadOnlySet<string>? docker = null) =>
        new(DateTime.UtcNow + TimeSpan.FromHours(1), TimeSpan.FromMinutes(1), docker);

    private static ReconcileContext Now => new(DateTime.UtcNow, TimeSpan.FromMinutes(1), null);

    [Fact]
    public void Reconcile_BridgeGone_RebuiltWithGatewayAndStaleEndpointDropped()
    {
        var network = _h.Create();
        _h.Driver.ProgramExternalConnectivity(network, _h.Endpoint(network), [new PortRequest(IpProtocol.Tcp, null, 80, 8080, 8080)]);
        // A reboot: every link is gone, the database is not.
        foreach (var name in _h.Kernel.LinkNames)
            _h.Kernel.TryDeleteLink(name);
        var applies = _h.Applied.Count;

        var stale = _h.Driver.Reconcile(network, Now);

        Assert.True(_h.Kernel.TryGetLink(BridgeName) is BridgeLink { IsUp: true });
        Assert.Contains(_h.Kernel.Addresses, a => a.Address.Equals(IPAddress.Parse("10.90.0.1")));
        Assert.Null(_h.State.Endpoints.Find(EpId));
        Assert.Equal(EpId, stale.Single().Endpoint.Id);
        Assert.True(_h.Applied.Count > applies);
        Assert.Empty(_h.LastRules.IPv4!.Ports);
    }

    [Fact]
    public void Reconcile_BridgeDeletedUnderRunningContainers_RebuiltAndTheirVethsAttachedAgain()
    {
        var network = _h.Create();
        _h.Endpoint(network);
        _h.Endpoint(network, Second, "10.90.0.6/24");
        // Deleting a bridge releases its ports: the veths stay, detached.
        _h.Kernel.TryDeleteLink(BridgeName);
        foreach (var veth in new[] { HostVeth, "csv9edcba987654" })
            _h.Kernel.SetMaster(veth, null);

        var stale = _h.Driver.Reconcile(network, Now);

        Assert.Empty(stale);
        var bridge = _h.Kernel.TryGetLink(BridgeName)!;
        Assert.Equal(bridge.Index, _h.Kernel.TryGetLink(HostVeth)!.MasterIndex);
        Assert.Equal(bridge.Index, _h.Kernel.TryGetLink("csv9edcba987654")!.MasterIndex);
        Assert.True(_h.Kernel.GetBridgePortHairpin(HostVeth));
    }

    [Fact]
    public void Reconcile_AllPresent_TouchesNothing()
    {
        var network = _h.Create();
        _h.Endpoint(network);
        var calls = _h.Kernel.Calls.Count;

        Assert.Empty(_h.Driver.Reconcile(network, Later(new HashSet<string> { EpId })));

        Assert.Equal(calls, _h.Kernel.Calls.Count);
        Assert.NotNull(_h.State.Endpoints.Find(EpId));
    }

    [Fact]
    public void Reconcile_DockerNoLongerListsAnOldEndpoint_DeletedWithItsLinks()
    {
        var network = _h.Create();
        _h.Endpoint(network);
        _h.Endpoint(network, Second, "10.90.0.6/24");

        var stale = _h.Driver.Reconcile(network, Later(new HashSet<string> { Second }));

        Assert.Equal((EpId, "Docker no longer has it"), (stale.Single().Endpoint.Id, stale.Single().Reason));
        Assert.Null(_h.Kernel.TryGetLink(HostVeth));
        Assert.NotNull(_h.State.Endpoints.Find(Second));
    }

    [Fact]
    public void Reconcile_YoungEndpointDockerDoesNotListYet_LeftAlone()
    {
        var network = _h.Create();
        _h.Endpoint(network);

        Assert.Empty(_h.Driver.Reconcile(network, Now with { DockerEndpoints = new HashSet<string>() }));
        Assert.NotNull(_h.State.Endpoints.Find(EpId));
    }

    [Fact]
    public void Reconcile_WithoutDocker_ContainerEndBackOnTheHostAndSandboxGone_Deleted()
    {
        var network = _h.Create();
        _h.Endpoint(network);
        _h.State.Endpoints.Join(EpId, "/nonexistent/csnet-test/netns/abc");

        var stale = _h.Driver.Reconcile(network, Later());

        Assert.Contains("sandbox is gone", stale.Single().Reason);
    }

    [Fact]
    public void Reconcile_WithoutDocker_SandboxStillThere_Kept()
    {
        var network = _h.Create();
        _h.Endpoint(network);
        var sandbox = Path.GetTempFileName();
        try
        {
            _h.State.Endpoints.Join(EpId, sandbox);

            Assert.Empty(_h.Driver.Reconcile(network, Later()));
        }
        finally
        {
            File.Delete(sandbox);
        }
    }

    [Fact]
    public void Reconcile_GatewayAddressGone_PutBack()
    {
        var network = _h.Create(DualStack());
        _h.Kernel.TryDeleteAddress(BridgeName, IPAddress.Parse("fd5c:90::1"), 64);

        _h.Driver.Reconcile(network, Now);

        Assert.Contains(_h.Kernel.Addresses, a => a.Address.Equals(IPAddress.Parse("fd5c:90::1")) && a.PrefixLength == 64);
    }

    [Fact]
    public void Reconcile_AdoptedBridgeGone_NotRecreated()
    {
        _h.Kernel.Existing(new BridgeLink { Name = "br-user" });
        var network = _h.Create(Spec(("com.docker.network.bridge.name", "br-user")));
        _h.Kernel.TryDeleteLink("br-user");

        _h.Driver.Reconcile(network, Now);

        Assert.Null(_h.Kernel.TryGetLink("br-user"));
    }
}
