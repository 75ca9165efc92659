using Csnet.Plugin.Drivers;
using Csnet.Plugin.Errors;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Model;
using Csnet.Plugin.State;
using Xunit;
using static Csnet.Plugin.Tests.Drivers.Macvlan.MacvlanHarness;

namespace Csnet.Plugin.Tests.Drivers.Macvlan;

/// <summary>Changes a crash cut short: the kernel as the crash left it, the intent still in the journal.</summary>
public sealed class MacvlanDriverRecoverTests : IDisposable
{
    private readonly MacvlanHarness _h = new();

    public void Dispose() => _h.Dispose();

    private static Intent Intent(string operation, string? endpoint = null, Dictionary<string, string>? data = null) =>
        new(operation, "macvlan", NetId, endpoint, data ?? [], DateTime.UtcNow);

    private static NetworkSpec VlanWithShim() => Spec(("parent", "eth1.10"), ("csnet.host_shim", "10.40.1.250"));

    [Fact]
    public void Operations_Completed_LeaveNoIntent()
    {
        var network = _h.Create(VlanWithShim());
        _h.Endpoint(network);
        _h.Driver.DeleteEndpoint(network, _h.State.Endpoints.Find(EpId)!);
        _h.Endpoint(network);
        _h.Driver.DeleteNetwork(network);

        Assert.Empty(_h.State.Journal.Pending());
    }

    [Fact]
    public void Recover_CreateNetworkCutBeforeItsRecord_ShimAndCreatedParentTakenBack()
    {
        _h.Kernel.FailWhen = call => call.StartsWith($"AddAddress {Shim}", StringComparison.Ordinal);
        var journal = new RecordingJournal();
        var driver = _h.DriverWith(journal);
        Assert.Throws<CsnetException>(() => driver.CreateNetwork(VlanWithShim(), default));
        var intent = Assert.Single(journal.Begun);
        _h.Kernel.FailWhen = _ => false;
        // As a crash after the links were made (and before any undo) would leave them.
        _h.Kernel.Existing(new VlanLink { Name = "eth1.10", ParentIndex = _h.ParentLink.Index, VlanId = 10 });
        _h.Kernel.Existing(new MacvlanLink { Name = Shim, ParentIndex = _h.ParentLink.Index });

        driver.Recover(intent);

        Assert.Null(_h.Kernel.TryGetLink("eth1.10"));
        Assert.Null(_h.Kernel.TryGetLink(Shim));
    }

    [Fact]
    public void Recover_CreateNetworkCutBeforeItsRecordOnAVlanAnotherNetworkTook_ParentKept()
    {
        _h.Create(Spec(("parent", "eth1.10")) with { NetworkId = OtherNetId, Subnets = [V4("10.40.2.0/24", null)] });

        _h.Driver.Recover(Intent(Model.Intent.CreateNetwork, data: new() { ["CreatedParent"] = "eth1.10" }));

        Assert.IsType<VlanLink>(_h.Kernel.TryGetLink("eth1.10"));
    }

    [Fact]
    public void Recover_CreateNetworkWhoseRecordWasSaved_DeletedAsAWholeWithoutANewIntent()
    {
        _h.Create(VlanWithShim());

        _h.Driver.Recover(Intent(Model.Intent.CreateNetwork));

        Assert.Null(_h.State.Networks.Find(NetId));
        Assert.Equal([Parent], _h.Kernel.LinkNames);
        Assert.Empty(_h.State.Journal.Pending());
    }

    [Fact]
    public void Recover_CreateEndpointWhoseRecordWasSaved_ChildRouteAndRecordGo()
    {
        var network = _h.Create(Spec(("csnet.host_shim", "10.40.1.250")));
        _h.Endpoint(network);

        _h.Driver.Recover(Intent(Model.Intent.CreateEndpoint, EpId, new() { ["Addresses"] = "10.40.1.5" }));

        Assert.Null(_h.State.Endpoints.Find(EpId));
        Assert.Null(_h.Kernel.TryGetLink(Child));
        Assert.Empty(_h.Kernel.Routes);
        Assert.NotNull(_h.State.Networks.Find(NetId));
        Assert.NotNull(_h.Kernel.TryGetLink(Shim));
    }

    [Fact]
    public void Recover_CreateEndpointCutBeforeItsRecord_ChildAndShimRouteDeleted()
    {
        var network = _h.Create(Spec(("csnet.host_shim", "10.40.1.250")));
        var journal = new RecordingJournal();
        var driver = _h.DriverWith(journal);
        // The endpoint's steps up to its record, as a crash before SaveRecord leaves them.
        driver.CreateEndpoint(network, new EndpointSpec(NetId, EpId, Csnet.Common.Addressing.CidrAddress.Parse("10.40.1.5/24"), null, null), default);
        _h.State.Endpoints.Delete(EpId);
        Assert.NotEmpty(_h.Kernel.Routes);

        driver.Recover(Assert.Single(journal.Begun, i => i.Operation == Model.Intent.CreateEndpoint));

        Assert.Null(_h.Kernel.TryGetLink(Child));
        Assert.Empty(_h.Kernel.Routes);
        Assert.NotNull(_h.Kernel.TryGetLink(Shim));
    }

    [Fact]
    public void Recover_CreateEndpointIntentWithoutAddresses_ChildDeleted()
    {
        _h.Create();
        _h.Kernel.Existing(new MacvlanLink { Name = Child, ParentIndex = _h.ParentLink.Index });

        _h.Driver.Recover(Intent(Model.Intent.CreateEndpoint, EpId));

        Assert.Null(_h.Kernel.TryGetLink(Child));
    }

    [Fact]
    public void Recover_DeleteEndpointCutAfterItsLinks_RecordGoesToo()
    {
        var network = _h.Create(Spec(("csnet.host_shim", "10.40.1.250")));
        _h.Endpoint(network);
        _h.Kernel.TryDeleteLink(Child);

        _h.Driver.Recover(Intent(Model.Intent.DeleteEndpoint, EpId));

        Assert.Null(_h.State.Endpoints.Find(EpId));
        Assert.Empty(_h.Kernel.Routes);
    }

    [Fact]
    public void Recover_DeleteNetworkCutAfterItsEndpoints_CompletedWithShimAndVlan()
    {
        var network = _h.Create(VlanWithShim());
        _h.Endpoint(network);
        _h.Kernel.TryDeleteLink(Child);

        _h.Driver.Recover(Intent(Model.Intent.DeleteNetwork));

        Assert.Null(_h.State.Networks.Find(NetId));
        Assert.Null(_h.State.Endpoints.Find(EpId));
        Assert.Equal([Parent], _h.Kernel.LinkNames);
    }

    [Fact]
    public void Recover_DeleteNetworkCutAfterItsLinksOnASharedVlan_ParentKeptWithTheOtherNetworksTag()
    {
        var network = _h.Create(Spec(("parent", "eth1.10")));
        _h.Create(Spec(("parent", "eth1.10")) with { NetworkId = OtherNetId, Subnets = [V4("10.40.2.0/24", null)] });

        _h.Driver.Recover(Intent(Model.Intent.DeleteNetwork));

        Assert.Null(_h.State.Networks.Find(network.Id));
        Assert.Equal(OwnershipTag.For(OtherNetId), _h.Kernel.TryGetLink("eth1.10")!.Alias);
    }

    [Fact]
    public void DeleteNetwork_SharedVlanCannotBeRetagged_RecordStaysForTheRetry()
    {
        var network = _h.Create(Spec(("parent", "eth1.10")));
        _h.Create(Spec(("parent", "eth1.10")) with { NetworkId = OtherNetId, Subnets = [V4("10.40.2.0/24", null)] });
        _h.Kernel.FailWhen = call => call.StartsWith("SetAlias", StringComparison.Ordinal);

        Assert.ThrowsAny<Exception>(() => _h.Driver.DeleteNetwork(network));

        // The parent is released before the record goes: the link never names a network without one.
        Assert.NotNull(_h.State.Networks.Find(NetId));
        Assert.Equal(OwnershipTag.For(NetId), _h.Kernel.TryGetLink("eth1.10")!.Alias);
    }

    private sealed class RecordingJournal : IIntentJournal
    {
        public List<Intent> Begun { get; } = [];

        public void Begin(Intent intent) => Begun.Add(intent);

        public void End(Intent intent)
        {
        }

        public IReadOnlyList<Intent> Pending() => Begun;
    }
}
