using System.Net;
using Csnet.Plugin.Errors;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Model;
using Csnet.Plugin.State;
using Xunit;
using static Csnet.Plugin.Tests.Drivers.Macvlan.MacvlanHarness;

namespace Csnet.Plugin.Tests.Drivers.Macvlan;

public sealed class MacvlanDriverRestoreTests
{
    [Fact]
    public void Restore_CsnetVlanParentLostInAReboot_Recreated()
    {
        using var h = new MacvlanHarness();
        var network = h.Create(Spec(("parent", "eth1.10")));
        h.Kernel.TryDeleteLink("eth1.10");

        h.Driver.Restore(network);

        var vlan = Assert.IsType<VlanLink>(h.Kernel.TryGetLink("eth1.10"));
        Assert.Equal((10, true), (vlan.VlanId, vlan.IsUp));
    }

    [Fact]
    public void Restore_HostParentMissing_NetworkStaysAndEndpointsFailUntilItIsBack()
    {
        using var h = new MacvlanHarness();
        var network = h.Create();
        h.Kernel.TryDeleteLink(Parent);

        h.Driver.Restore(network);

        Assert.NotNull(h.State.Networks.Find(NetId));
        Assert.Throws<CsnetException>(() => h.Endpoint(network));
        h.Kernel.Existing(new OtherLink("") { Name = Parent, Mtu = 1500, IsUp = true });
        Assert.NotNull(h.Endpoint(network));
    }

    [Fact]
    public void Restore_ShimLost_RebuiltWithItsAddressAndTheRoutesOfLiveEndpoints()
    {
        using var h = new MacvlanHarness();
        var network = h.Create(Spec(("csnet.host_shim", "10.40.1.250")));
        h.Endpoint(network);
        h.Kernel.TryDeleteLink(Shim);

        h.Driver.Restore(network);

        var shim = Assert.IsType<MacvlanLink>(h.Kernel.TryGetLink(Shim));
        Assert.Contains(h.Kernel.Addresses, a => a.LinkIndex == shim.Index && a.Address.Equals(IPAddress.Parse("10.40.1.250")));
        Assert.Contains(h.Kernel.Routes, r => r.OutputIndex == shim.Index && r.Destination!.Equals(IPAddress.Parse("10.40.1.5")));
    }

    [Fact]
    public void Restore_IntactShim_Untouched()
    {
        using var h = new MacvlanHarness();
        var network = h.Create(Spec(("csnet.host_shim", "10.40.1.250")));
        h.Kernel.Calls.Clear();

        h.Driver.Restore(network);

        Assert.DoesNotContain(h.Kernel.Calls, c => c.StartsWith("AddLink", StringComparison.Ordinal) || c.StartsWith("DeleteLink", StringComparison.Ordinal));
    }

    [Fact]
    public void Restore_EndpointWhoseSandboxIsGone_Dropped()
    {
        using var h = new MacvlanHarness();
        var network = h.Create(Spec(("csnet.host_shim", "10.40.1.250")));
        h.Endpoint(network);
        h.State.Endpoints.Join(EpId, "/var/run/docker/netns/does-not-exist-" + Guid.NewGuid().ToString("N"));

        h.Driver.Restore(network);

        Assert.Null(h.State.Endpoints.Find(EpId));
        Assert.Empty(h.Kernel.Routes);
    }

    [Fact]
    public void Restore_JoinedEndpointWithLiveSandbox_Kept()
    {
        using var h = new MacvlanHarness();
        var network = h.Create();
        h.Endpoint(network);
        var sandbox = Path.GetTempFileName();
        try
        {
            h.State.Endpoints.Join(EpId, sandbox);
            h.Kernel.TryDeleteLink(Child);

            h.Driver.Restore(network);

            Assert.NotNull(h.State.Endpoints.Find(EpId));
        }
        finally
        {
            File.Delete(sandbox);
        }
    }
}
