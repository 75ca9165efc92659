using System.Text.Json;
using Csnet.Plugin.Kernel.Rtnl;
using Moq;
using Xunit;

namespace Csnet.Plugin.Tests.Endpoints;

public sealed class NetworkDriverEndpointsTests : IAsyncLifetime
{
    private const string NetId = "aaaaaaaaaaaa0000000000000000000000000000000000000000000000000000";
    private const string EpId = "bbbbbbbbbbbb0000000000000000000000000000000000000000000000000000";
    private PluginHost _host = null!;

    public async Task InitializeAsync() => _host = await PluginHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static string CreateNetwork(string generic = "{}") =>
        $$$"""{"NetworkID":"{{{NetId}}}","Options":{"com.docker.network.enable_ipv6":false,"com.docker.network.generic":{{{generic}}}},"IPv4Data":[{"AddressSpace":"LocalDefault","Pool":"10.90.0.0/24","Gateway":"10.90.0.1/24"}],"IPv6Data":[]}""";

    private static string Err(string body) => JsonDocument.Parse(body).RootElement.GetProperty("Err").GetString()!;

    [Fact]
    public async Task Activate_EmptyBody_ImplementsBothDrivers()
    {
        var (status, body) = await _host.PostAsync("/Plugin.Activate");
        Assert.Equal(200, status);
        Assert.Equal("""{"Implements":["NetworkDriver","IpamDriver"]}""", body);
    }

    [Fact]
    public async Task GetCapabilities_EmptyBody_LocalScopeWithGatewayCheck()
    {
        var (status, body) = await _host.PostAsync("/NetworkDriver.GetCapabilities");
        Assert.Equal(200, status);
        Assert.Equal("""{"Scope":"local","ConnectivityScope":"local","GwAllocChecker":true}""", body);
    }

    [Fact]
    public async Task UnknownMethod_Answers404()
    {
        var (status, _) = await _host.PostAsync("/NetworkDriver.Teleport", "{}");
        Assert.Equal(404, status);
    }

    [Fact]
    public async Task CreateNetwork_MalformedJson_500NamingTheMethod()
    {
        var (status, body) = await _host.PostAsync("/NetworkDriver.CreateNetwork", "{not json");
        Assert.Equal(500, status);
        Assert.Contains("NetworkDriver.CreateNetwork: the request body is not valid JSON", Err(body));
        Assert.Equal(Err(body), JsonDocument.Parse(body).RootElement.GetProperty("Error").GetString());
    }

    [Fact]
    public async Task CreateNetwork_EmptyBody_SaysTheBodyIsEmpty()
    {
        var (status, body) = await _host.PostAsync("/NetworkDriver.CreateNetwork");
        Assert.Equal(500, status);
        Assert.Contains("NetworkDriver.CreateNetwork: the request body is empty; nothing was done", Err(body));
    }

    [Fact]
    public async Task CreateNetwork_EmptyObject_SaysNetworkIdMissing()
    {
        var (status, body) = await _host.PostAsync("/NetworkDriver.CreateNetwork", "{}");
        Assert.Equal(500, status);
        Assert.Contains("NetworkID is missing", Err(body));
    }

    [Theory]
    [InlineData("/NetworkDriver.DeleteNetwork", "")]
    [InlineData("/NetworkDriver.DeleteNetwork", "{}")]
    [InlineData("/NetworkDriver.DeleteEndpoint", "")]
    [InlineData("/NetworkDriver.DeleteEndpoint", """{"EndpointID":"x"}""")]
    [InlineData("/NetworkDriver.DeleteEndpoint", """{"NetworkID":"x"}""")]
    [InlineData("/NetworkDriver.Leave", "{}")]
    [InlineData("/NetworkDriver.RevokeExternalConnectivity", "")]
    [InlineData("/NetworkDriver.EndpointOperInfo", "")]
    [InlineData("/NetworkDriver.EndpointOperInfo", "not json")]
    [InlineData("/NetworkDriver.Join", "{}")]
    [InlineData("/NetworkDriver.CreateEndpoint", """{"NetworkID":"x","EndpointID":"y"}""")]
    [InlineData("/NetworkDriver.ProgramExternalConnectivity", "")]
    [InlineData("/NetworkDriver.GwAllocCheck", "")]
    [InlineData("/NetworkDriver.GwAllocCheck", "{}")]
    [InlineData("/NetworkDriver.AllocateNetwork", "")]
    [InlineData("/NetworkDriver.FreeNetwork", "")]
    [InlineData("/NetworkDriver.DiscoverNew", "")]
    [InlineData("/NetworkDriver.DiscoverDelete", "{}")]
    public async Task MethodWithArguments_NoneGiven_RefusedAndNothingDone(string path, string body)
    {
        var (status, answer) = await _host.PostAsync(path, body);

        Assert.Equal(500, status);
        Assert.Contains(path.TrimStart('/'), Err(answer));
        Assert.Empty(_host.Rtnl.Calls);
    }

    [Fact]
    public async Task EndpointOperInfo_NamedEndpoint_EmptyValue()
    {
        var (status, answer) = await _host.PostAsync("/NetworkDriver.EndpointOperInfo", """{"NetworkID":"unknown","EndpointID":"unknown"}""");

        Assert.Equal((200, """{"Value":{}}"""), (status, answer));
    }

    [Fact]
    public async Task CreateNetwork_UnknownOption_500NamingIt()
    {
        var (status, body) = await _host.PostAsync("/NetworkDriver.CreateNetwork", CreateNetwork("""{"colour":"blue"}"""));
        Assert.Equal(500, status);
        Assert.Contains("unknown option colour", Err(body));
        Assert.DoesNotContain(_host.Rtnl.Calls, c => c.StartsWith("AddLink", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateNetwork_UnknownMode_ListsModes()
    {
        var (_, body) = await _host.PostAsync("/NetworkDriver.CreateNetwork", CreateNetwork("""{"mode":"tunnel"}"""));
        Assert.Contains("option mode: 'tunnel' is not a csnet mode; use one of bridge", Err(body));
    }

    [Fact]
    public async Task GwAllocCheck_Bridge_NeedsGateway()
    {
        var (status, body) = await _host.PostAsync("/NetworkDriver.GwAllocCheck", """{"Options":{"com.docker.network.generic":{}}}""");
        Assert.Equal(200, status);
        Assert.Equal("""{"SkipIPv4":false,"SkipIPv6":false}""", body);
    }

    [Theory]
    [InlineData("/NetworkDriver.DeleteNetwork", """{"NetworkID":"unknown"}""")]
    [InlineData("/NetworkDriver.DeleteEndpoint", """{"NetworkID":"unknown","EndpointID":"unknown"}""")]
    [InlineData("/NetworkDriver.Leave", """{"NetworkID":"unknown","EndpointID":"unknown"}""")]
    [InlineData("/NetworkDriver.RevokeExternalConnectivity", """{"NetworkID":"unknown","EndpointID":"unknown"}""")]
    [InlineData("/NetworkDriver.DiscoverNew", """{"DiscoveryType":1,"DiscoveryData":{"Address":"10.1.0.5","Self":true}}""")]
    [InlineData("/NetworkDriver.FreeNetwork", """{"NetworkID":"unknown"}""")]
    public async Task CleanupOfUnknownIds_Succeeds(string path, string body)
    {
        var (status, answer) = await _host.PostAsync(path, body);
        Assert.Equal(200, status);
        Assert.Equal("{}", answer);
    }

    [Fact]
    public async Task CreateEndpoint_UnknownNetwork_SaysSo()
    {
        var (status, body) = await _host.PostAsync("/NetworkDriver.CreateEndpoint",
            $$$"""{"NetworkID":"{{{NetId}}}","EndpointID":"{{{EpId}}}","Interface":{"Address":"10.90.0.2/24","AddressIPv6":"","MacAddress":""},"Options":null}""");
        Assert.Equal(500, status);
        Assert.Contains("network aaaaaaaaaaaa is not known to csnet", Err(body));
    }

    [Fact]
    public async Task ContainerLifecycle_NullOptionsEverywhere_Works()
    {
        Assert.Equal(200, (await _host.PostAsync("/NetworkDriver.CreateNetwork", CreateNetwork())).Status);

        var (status, body) = await _host.PostAsync("/NetworkDriver.CreateEndpoint",
            $$$"""{"NetworkID":"{{{NetId}}}","EndpointID":"{{{EpId}}}","Interface":{"Address":"10.90.0.2/24","AddressIPv6":"","MacAddress":""},"Options":null}""");
        Assert.Equal(200, status);
        Assert.Equal("""{"Interface":{"MacAddress":"02:42:0a:5a:00:02"}}""", body);

        (status, body) = await _host.PostAsync("/NetworkDriver.Join",
            $$$"""{"NetworkID":"{{{NetId}}}","EndpointID":"{{{EpId}}}","SandboxKey":"/var/run/docker/netns/x","Options":null}""");
        Assert.Equal(200, status);
        Assert.Equal("""{"InterfaceName":{"SrcName":"cscbbbbbbbbbbbb","DstPrefix":"eth"},"Gateway":"10.90.0.1","DisableGatewayService":false}""", body);

        (status, _) = await _host.PostAsync("/NetworkDriver.ProgramExternalConnectivity",
            $$$"""{"NetworkID":"{{{NetId}}}","EndpointID":"{{{EpId}}}","Options":{"com.docker.network.portmap":[],"com.docker.network.endpoint.exposedports":[]}}""");
        Assert.Equal(200, status);

        (status, body) = await _host.PostAsync("/NetworkDriver.EndpointOperInfo", $$$"""{"NetworkID":"{{{NetId}}}","EndpointID":"{{{EpId}}}"}""");
        Assert.Equal("""{"Value":{}}""", body);

        Assert.Equal(200, (await _host.PostAsync("/NetworkDriver.Leave", $$$"""{"NetworkID":"{{{NetId}}}","EndpointID":"{{{EpId}}}"}""")).Status);
        Assert.Equal(200, (await _host.PostAsync("/NetworkDriver.DeleteEndpoint", $$$"""{"NetworkID":"{{{NetId}}}","EndpointID":"{{{EpId}}}"}""")).Status);
        Assert.Equal(200, (await _host.PostAsync("/NetworkDriver.DeleteNetwork", $$$"""{"NetworkID":"{{{NetId}}}"}""")).Status);
        Assert.Contains("DeleteLink csbr-aaaaaaaaaa", _host.Rtnl.Calls);
        Assert.Empty(_host.Rtnl.LinkNames);
    }

    [Fact]
    public async Task ProgramExternalConnectivity_WithPortmap_Published()
    {
        await _host.PostAsync("/NetworkDriver.CreateNetwork", CreateNetwork());
        await _host.PostAsync("/NetworkDriver.CreateEndpoint",
            $$$"""{"NetworkID":"{{{NetId}}}","EndpointID":"{{{EpId}}}","Interface":{"Address":"10.90.0.2/24","AddressIPv6":"","MacAddress":""}}""");

        var (status, _) = await _host.PostAsync("/NetworkDriver.ProgramExternalConnectivity",
            $$$"""{"NetworkID":"{{{NetId}}}","EndpointID":"{{{EpId}}}","Options":{"com.docker.network.portmap":[{"Proto":6,"IP":"","Port":80,"HostIP":"127.0.0.1","HostPort":18080,"HostPortEnd":18080}]}}""");

        Assert.Equal(200, status);
    }
}
