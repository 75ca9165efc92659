using Csnet.Plugin.Drivers.Bridge;
using Csnet.Plugin.Drivers.Diagnosis;
using Csnet.Plugin.Drivers.Macvlan;
using Csnet.Plugin.Tests.Drivers.Bridge;
using Csnet.Plugin.Tests.Drivers.Macvlan;
using Xunit;

namespace Csnet.Plugin.Tests.Doctor;

/// <summary>Each mode's doctor checks over the fake kernel: a problem the test makes is found, and gone after the fix.</summary>
public sealed class NetworkDiagnosisTests
{
    [Fact]
    public void Macvlan_ParentDown_IsAProblemWithTheCommandThatBringsItUp_ThenOk()
    {
        using var h = new MacvlanHarness();
        var network = h.Create();
        var endpoint = h.Endpoint(network);
        var doctor = new MacvlanDiagnosis(h.Kernel);
        h.Kernel.Existing(h.Kernel.TryGetLink(MacvlanHarness.Parent)! with { IsUp = false });

        var down = Assert.Single(doctor.Check(network, [endpoint]));
        Assert.Equal((Severity.Problem, "ip link set eth1 up"), (down.Severity, down.Fix));
        Assert.Equal("parent eth1 is down: the network's 1 container(s) reach nothing", down.Detail);

        h.Kernel.SetUp(MacvlanHarness.Parent);
        var up = Assert.Single(doctor.Check(network, [endpoint]));
        Assert.Equal(Severity.Ok, up.Severity);
        Assert.Equal("parent eth1 up, MTU 1500, 1 endpoint(s)", up.Detail);
    }

    [Fact]
    public void Macvlan_MtuAboveTheParents_IsAProblem()
    {
        using var h = new MacvlanHarness();
        var network = h.Create(MacvlanHarness.Spec(("com.docker.network.driver.mtu", "1400")));
        h.Kernel.SetMtu(MacvlanHarness.Parent, 1300);

        var finding = Assert.Single(new MacvlanDiagnosis(h.Kernel).Check(network, []));

        Assert.Equal(Severity.Problem, finding.Severity);
        Assert.Contains("MTU 1400, more than parent eth1's 1300", finding.Detail);
    }

    [Fact]
    public void Bridge_Healthy_ThenVethOffItsBridge_Warned()
    {
        using var h = new BridgeHarness();
        var network = h.Create();
        var endpoint = h.Endpoint(network);
        var doctor = new BridgeDiagnosis(h.Kernel, new BridgeHostCheck(h.Sysctls, h.Legacy.Object));

        Assert.Equal(Severity.Ok, Assert.Single(doctor.Check(network, [endpoint])).Severity);

        h.Kernel.SetMaster(BridgeHarness.HostVeth, null);
        var off = Assert.Single(doctor.Check(network, [endpoint]));
        Assert.Equal(Severity.Warning, off.Severity);
        Assert.Equal($"ip link set {BridgeHarness.HostVeth} master {BridgeHarness.BridgeName}", off.Fix);
    }

    [Fact]
    public void Bridge_MissingBridge_WarnsThatReconcileRebuildsIt()
    {
        using var h = new BridgeHarness();
        var network = h.Create();
        h.Kernel.TryDeleteLink(BridgeHarness.BridgeName);

        var finding = Assert.Single(new BridgeDiagnosis(h.Kernel, new BridgeHostCheck(h.Sysctls, h.Legacy.Object)).Check(network, []));

        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.StartsWith($"bridge {BridgeHarness.BridgeName} is missing; reconcile rebuilds it", finding.Detail);
    }
}
