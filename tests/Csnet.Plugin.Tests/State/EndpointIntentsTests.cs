using System.Net;
using System.Net.Sockets;
using Csnet.Common.Addressing;
using Csnet.Plugin.Model;
using Csnet.Plugin.State;
using Csnet.Plugin.Tests.Support;
using Xunit;

namespace Csnet.Plugin.Tests.State;

public sealed class EndpointIntentsTests : IDisposable
{
    private readonly StateFixture _state = new();

    public EndpointIntentsTests() => _state.Endpoints.Insert(new Endpoint
    {
        Id = "ep1",
        NetworkId = "net1",
        Addresses = [CidrAddress.Parse("10.90.0.5/24")],
        Links = [new EndpointLink("csvep1", LinkRole.Host)],
    });

    public void Dispose() => _state.Dispose();

    [Fact]
    public void TryReplace_StaleRevision_RefusedAndNothingChanged()
    {
        var read = _state.Endpoints.Find("ep1")!;
        Assert.NotNull(_state.Endpoints.TryReplace(read with { SandboxKey = "/a" }));

        Assert.Null(_state.Endpoints.TryReplace(read with { SandboxKey = "/b" }));

        Assert.Equal(("/a", 2L), (_state.Endpoints.Find("ep1")!.SandboxKey, _state.Endpoints.Find("ep1")!.Revision));
    }

    [Fact]
    public async Task JoinLeaveAndPortsRacing_NoWriterLosesItsChange()
    {
        var port = new PublishedPort(IpProtocol.Tcp, AddressFamily.InterNetwork, null, 8080, 80);
        var joins = Task.Run(() =>
        {
            for (var i = 0; i < 200; i++)
                _state.Endpoints.Join("ep1", $"/var/run/docker/netns/{i}");
        });
        var ports = Task.Run(() =>
        {
            for (var i = 0; i < 200; i++)
                _state.Endpoints.SetPorts("ep1", [port with { HostPort = 8000 + i }]);
        });
        await Task.WhenAll(joins, ports);

        var final = _state.Endpoints.Find("ep1")!;
        Assert.Equal("/var/run/docker/netns/199", final.SandboxKey);
        Assert.Equal(8199, final.Ports.Single().HostPort);
        Assert.Equal(401, final.Revision);
        Assert.Equal([new EndpointLink("csvep1", LinkRole.Host)], final.Links);
    }

    [Fact]
    public void Intents_EndpointGone_Null()
    {
        _state.Endpoints.Delete("ep1");

        Assert.Null(_state.Endpoints.Join("ep1", "/x"));
        Assert.Null(_state.Endpoints.SetPorts("ep1", []));
    }

    [Fact]
    public void Insert_SameIdTwice_Conflict() =>
        Assert.Throws<StoreConflictException>(() => _state.Endpoints.Insert(new Endpoint { Id = "ep1", NetworkId = "net1" }));
}
