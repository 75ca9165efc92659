using System.Net.Sockets;
using Csnet.Plugin.Drivers;
using Csnet.Plugin.Drivers.Bridge;
using Csnet.Plugin.Drivers.Macvlan;
using Csnet.Plugin.Drivers.Reconcile;
using Csnet.Plugin.Drivers.Steps;
using Csnet.Plugin.Errors;
using Csnet.Plugin.Kernel.LegacyXtables;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Tests.Drivers.Macvlan;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;
using static Csnet.Plugin.Tests.Drivers.Bridge.BridgeHarness;

namespace Csnet.Plugin.Tests.Drivers.Bridge;

/// <summary>Hosts a bridge network cannot work on as they are: refused before anything is made, with what to change.</summary>
public sealed class BridgeHostCheckTests : IDisposable
{
    private readonly BridgeHarness _h = new();

    public void Dispose() => _h.Dispose();

    private void LegacyForward(bool drops, params LegacyAccept[] accepts) =>
        _h.Legacy.Setup(l => l.Forward(AddressFamily.InterNetwork)).Returns(new LegacyForwardChain(AddressFamily.InterNetwork, drops, accepts));

    [Fact]
    public void CreateNetwork_LegacyForwardDropWithoutAccepts_RefusedNamingTheFixAndNothingMade()
    {
        LegacyForward(drops: true);

        var error = Assert.Throws<CsnetException>(() => _h.Create());

        Assert.Equal(ErrorKind.NotSupported, error.Kind);
        Assert.Contains("iptables-legacy", error.Message);
        Assert.Contains("update-alternatives --set iptables /usr/sbin/iptables-nft", error.Message);
        Assert.Contains("iptables-legacy -I FORWARD -i csbr-+ -j ACCEPT", error.Message);
        Assert.Null(_h.Kernel.TryGetLink(BridgeName));
        Assert.Null(_h.State.Networks.Find(NetId));
        Assert.Empty(_h.Applied);
    }

    [Fact]
    public void CreateNetwork_LegacyForwardDropWithAcceptsForCsnetBridges_Created()
    {
        LegacyForward(drops: true, new LegacyAccept("csbr-+", null), new LegacyAccept(null, "csbr-+"));

        _h.Create();

        Assert.NotNull(_h.State.Networks.Find(NetId));
    }

    [Fact]
    public void CreateNetwork_LegacyForwardAcceptsOnlyOneWay_Refused()
    {
        LegacyForward(drops: true, new LegacyAccept("csbr-+", null));

        Assert.Throws<CsnetException>(() => _h.Create());
    }

    [Fact]
    public void CreateNetwork_LegacyTableOfTheOtherFamilyOnly_Created()
    {
        _h.Legacy.Setup(l => l.Forward(AddressFamily.InterNetworkV6)).Returns(new LegacyForwardChain(AddressFamily.InterNetworkV6, true, []));

        _h.Create();

        Assert.NotNull(_h.State.Networks.Find(NetId));
    }

    [Fact]
    public void CreateNetwork_IccOffWithoutBrNetfilter_RefusedNamingTheModule()
    {
        _h.Sysctls.BridgeNetfilterValue = null;

        var error = Assert.Throws<CsnetException>(() => _h.Create(Spec(("com.docker.network.bridge.enable_icc", "false"))));

        Assert.Contains("br_netfilter", error.Message);
        Assert.Contains("modprobe br_netfilter", error.Message);
        Assert.Null(_h.Kernel.TryGetLink(BridgeName));
    }

    [Fact]
    public void CreateNetwork_IccOnWithoutBrNetfilter_Created()
    {
        _h.Sysctls.BridgeNetfilterValue = null;

        _h.Create();

        Assert.NotNull(_h.State.Networks.Find(NetId));
    }

    [Fact]
    public void CreateNetwork_IccOffWithBridgeNetfilterCallsOff_TurnsThemOnAsDockerDoes()
    {
        _h.Sysctls.BridgeNetfilterValue = false;

        _h.Create(Spec(("com.docker.network.bridge.enable_icc", "false")));

        Assert.Contains("bridge-nf-call InterNetwork", _h.Sysctls.Writes);
    }

    [Fact]
    public void CreateNetwork_IpForwardOffAndLocked_RefusedUnlessInternal()
    {
        _h.Sysctls.ForwardingOn = false;
        _h.Sysctls.ForwardingBlockedReason = "/proc/sys/net/ipv4/ip_forward is read-only";

        var error = Assert.Throws<CsnetException>(() => _h.Create());
        Assert.Contains("net.ipv4.ip_forward is 0", error.Message);
        Assert.Contains("--internal", error.Message);
        Assert.Null(_h.State.Networks.Find(NetId));

        _h.Create(Spec() with { Internal = true });
        Assert.NotNull(_h.State.Networks.Find(NetId));
    }

    [Fact]
    public void Reconcile_HostProblemAppearingUnderARunningNetwork_IsReportedWithoutTouchingIt()
    {
        var network = _h.Create();
        LegacyForward(drops: true);

        var stale = _h.Driver.Reconcile(network, new ReconcileContext(DateTime.UtcNow, TimeSpan.FromMinutes(1), null));

        Assert.Empty(stale);
        Assert.NotNull(_h.Kernel.TryGetLink(BridgeName));
        Assert.NotNull(_h.State.Networks.Find(NetId));
    }

    [Fact]
    public async Task CreateNetwork_MacvlanOnAHostThatRefusesBridges_CreatedAndReconciledQuietly()
    {
        // Macvlan frames never pass the host's FORWARD chain or a bridge's netfilter hook, and the
        // shim's traffic is the host's own: none of the bridge's host problems apply to it.
        LegacyForward(drops: true);
        _h.Sysctls.ForwardingOn = false;
        _h.Sysctls.ForwardingBlockedReason = "/proc/sys/net/ipv4/ip_forward is read-only";
        _h.Sysctls.BridgeNetfilterValue = null;
        _h.Kernel.Existing(new OtherLink("") { Name = MacvlanHarness.Parent, Mtu = 1500, IsUp = true });
        var macvlan = new MacvlanDriver(_h.Kernel, _h.State.Networks, _h.State.Endpoints, _h.Sysctls,
            new StepRunner(NullLogger<StepRunner>.Instance), TimeProvider.System, NullLogger<MacvlanDriver>.Instance);
        var controller = new NetworkController([_h.Driver, macvlan], _h.State.Networks, _h.State.Endpoints, new NetworkLocks());

        await Assert.ThrowsAsync<CsnetException>(() => controller.CreateNetworkAsync(Spec(), default));
        await controller.CreateNetworkAsync(MacvlanHarness.Spec(("csnet.host_shim", "10.40.1.250")), default);
        var stale = await controller.ReconcileAsync(MacvlanHarness.NetId, new ReconcileContext(DateTime.UtcNow.AddHours(1), TimeSpan.FromMinutes(1), null), default);

        Assert.NotNull(_h.State.Networks.Find(MacvlanHarness.NetId));
        Assert.Empty(stale);
    }
}
