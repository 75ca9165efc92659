using System.Net;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Model;
using Xunit;
using static Csnet.Plugin.Tests.Drivers.Bridge.BridgeHarness;

namespace Csnet.Plugin.Tests.Drivers.Bridge;

/// <summary>Changes a crash cut short: the kernel as the crash left it, the intent still in the journal.</summary>
public sealed class BridgeDriverRecoverTests : IDisposable
{
    private readonly BridgeHarness _h = new();

    public void Dispose() => _h.Dispose();

    private static Intent Intent(string operation, string? endpoint = null, Dictionary<string, string>? data = null) =>
        new(operation, "bridge", NetId, endpoint, data ?? [], DateTime.UtcNow);

    [Fact]
    public void Operations_Completed_LeaveNoIntent()
    {
        var network = _h.Create();
        _h.Endpoint(network);
        _h.Driver.DeleteNetwork(network);

        Assert.Empty(_h.State.Journal.Pending());
    }

    [Fact]
    public void Recover_CreateNetworkCutAfterTheBridge_BridgeDeleted()
    {
        _h.Kernel.AddLink(new BridgeLink { Name = BridgeName, Alias = "csnet:0123456789ab" });

        _h.Driver.Recover(Intent(Model.Intent.CreateNetwork, data: new() { ["Bridge"] = BridgeName, ["Owner"] = "Csnet", ["Gateways"] = "10.90.0.1/24" }));

        Assert.Null(_h.Kernel.TryGetLink(BridgeName));
    }

    [Fact]
    public void Recover_CreateNetworkOnAnAdoptedBridgeCutAfterTheGateway_AddressAndSettingsTakenBack()
    {
        _h.Kernel.Existing(new BridgeLink { Name = "br-user" });
        _h.Kernel.AddAddress("br-user", IPAddress.Parse("10.90.0.1"), 24);

        _h.Driver.Recover(Intent(Model.Intent.CreateNetwork, data: new()
        {
            ["Bridge"] = "br-user", ["Owner"] = "Existing", ["Gateways"] = "10.90.0.1/24", ["Original.ipv4/route_localnet"] = "0",
        }));

        Assert.NotNull(_h.Kernel.TryGetLink("br-user"));
        Assert.Empty(_h.Kernel.Addresses);
        Assert.Equal("restore br-user: ipv4/route_localnet=0", _h.Sysctls.Writes.Last());
    }

    [Fact]
    public void Recover_CreateNetworkWhoseRecordWasSaved_UndoneLikeADelete()
    {
        _h.Create();

        _h.Driver.Recover(Intent(Model.Intent.CreateNetwork, data: new() { ["Bridge"] = BridgeName, ["Owner"] = "Csnet", ["Gateways"] = "" }));

        Assert.Null(_h.State.Networks.Find(NetId));
        Assert.Null(_h.Kernel.TryGetLink(BridgeName));
    }

    [Fact]
    public void Recover_CreateEndpointWhoseRecordWasSaved_VethAndRecordGo()
    {
        var network = _h.Create();
        _h.Endpoint(network);

        _h.Driver.Recover(Intent(Model.Intent.CreateEndpoint, EpId, new() { ["HostVeth"] = HostVeth }));

        Assert.Null(_h.State.Endpoints.Find(EpId));
        Assert.Null(_h.Kernel.TryGetLink(HostVeth));
        Assert.NotNull(_h.State.Networks.Find(NetId));
    }

    [Fact]
    public void Recover_CreateEndpointCutBeforeItsRecord_VethDeleted()
    {
        _h.Create();
        _h.Kernel.AddLink(new VethLink { Name = HostVeth, PeerName = ContainerVeth });

        _h.Driver.Recover(Intent(Model.Intent.CreateEndpoint, EpId, new() { ["HostVeth"] = HostVeth }));

        Assert.Null(_h.Kernel.TryGetLink(HostVeth));
        Assert.Null(_h.Kernel.TryGetLink(ContainerVeth));
    }

    [Fact]
    public void Recover_DeleteNetworkCutAfterItsEndpoints_Completed()
    {
        var network = _h.Create();
        _h.Endpoint(network);
        _h.Kernel.TryDeleteLink(HostVeth);

        _h.Driver.Recover(Intent(Model.Intent.DeleteNetwork));

        Assert.Null(_h.State.Networks.Find(NetId));
        Assert.Null(_h.State.Endpoints.Find(EpId));
        Assert.Null(_h.Kernel.TryGetLink(BridgeName));
    }

    [Fact]
    public void Recover_DeleteEndpointCutAfterItsLinks_RecordGoesToo()
    {
        var network = _h.Create();
        _h.Endpoint(network);
        _h.Kernel.TryDeleteLink(HostVeth);

        _h.Driver.Recover(Intent(Model.Intent.DeleteEndpoint, EpId));

        Assert.Null(_h.State.Endpoints.Find(EpId));
    }
}
