using System.Net;
using System.Text.Json;
using Csnet.Ipam.Endpoints;
using Csnet.Ipam.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Moq;

namespace Csnet.Ipam.Tests.Endpoints;

public class IpamEndpointsTests
{
    private const string CreateRequest = """{"AddressSpace":"LocalDefault","Pool":"10.90.0.0/24","SubPool":"","Options":null,"V6":false}""" + "\n";

    [Fact]
    public async Task MapIpamEndpoints_AllSixRoutes_PostOnly()
    {
        await using var harness = new EndpointHarness();

        var routes = harness.Endpoints.ToDictionary(e => e.RoutePattern.RawText!, e => e);

        Assert.Equal(
            ["/IpamDriver.GetCapabilities", "/IpamDriver.GetDefaultAddressSpaces", "/IpamDriver.ReleaseAddress", "/IpamDriver.ReleasePool", "/IpamDriver.RequestAddress", "/IpamDriver.RequestPool"],
            routes.Keys.Order(StringComparer.Ordinal));
        Assert.All(routes.Values, e => Assert.Equal(["POST"], e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods));
    }

    [Fact]
    public async Task GetCapabilities_EmptyBody_NoMacNoReplay()
    {
        await using var harness = new EndpointHarness();

        var (status, body) = await harness.PostAsync(IpamEndpoints.GetCapabilitiesPath, "");

        Assert.Equal(200, status);
        Assert.False(body.GetProperty("RequiresMACAddress").GetBoolean());
        Assert.False(body.GetProperty("RequiresRequestReplay").GetBoolean());
    }

    [Fact]
    public async Task GetDefaultAddressSpaces_EmptyBody_LocalAndGlobalDefault()
    {
        await using var harness = new EndpointHarness();

        var (status, body) = await harness.PostAsync(IpamEndpoints.GetDefaultAddressSpacesPath, null);

        Assert.Equal(200, status);
        Assert.Equal("LocalDefault", body.GetProperty("LocalDefaultAddressSpace").GetString());
        Assert.Equal("GlobalDefault", body.GetProperty("GlobalDefaultAddressSpace").GetString());
    }

    [Fact]
    public async Task RequestPool_NullOptions_PoolIdCanonicalPoolEmptyData()
    {
        await using var harness = new EndpointHarness();

        var (status, body) = await harness.PostAsync(IpamEndpoints.RequestPoolPath,
            """{"AddressSpace":"LocalDefault","Pool":"10.90.0.9/24","SubPool":"","Options":null,"V6":false}""");

        Assert.Equal(200, status);
        Assert.Equal("LocalDefault/10.90.0.0/24", body.GetProperty("PoolID").GetString());
        Assert.Equal("10.90.0.0/24", body.GetProperty("Pool").GetString());
        Assert.Equal(JsonValueKind.Object, body.GetProperty("Data").ValueKind);
        Assert.Empty(body.GetProperty("Data").EnumerateObject());
    }

    [Fact]
    public async Task RequestPool_NoSubnet_AutomaticPoolSkippingHostNetwork()
    {
        await using var harness = new EndpointHarness(() => [(IPAddress.Parse("172.17.0.1"), 16)]);

        var (status, body) = await harness.PostAsync(IpamEndpoints.RequestPoolPath, """{"AddressSpace":"LocalDefault","Pool":"","SubPool":"","Options":null,"V6":false}""");

        Assert.Equal(200, status);
        Assert.Equal("172.18.0.0/16", body.GetProperty("Pool").GetString());
    }

    [Theory]
    [InlineData(IpamEndpoints.RequestPoolPath, "", "the request body is empty")]
    [InlineData(IpamEndpoints.RequestPoolPath, "{}", "AddressSpace is missing")]
    [InlineData(IpamEndpoints.RequestAddressPath, "{}", "PoolID is missing")]
    [InlineData(IpamEndpoints.ReleasePoolPath, "", "the request body is empty")]
    [InlineData(IpamEndpoints.ReleasePoolPath, "null", "the request body is empty")]
    [InlineData(IpamEndpoints.ReleasePoolPath, "{}", "PoolID is missing")]
    [InlineData(IpamEndpoints.ReleaseAddressPath, "", "the request body is empty")]
    [InlineData(IpamEndpoints.ReleaseAddressPath, """{"PoolID":"LocalDefault/10.1.0.0/24"}""", "Address is missing")]
    public async Task MethodWithArguments_NoneGiven_RefusedAndNothingAllocated(string path, string body, string expected)
    {
        await using var harness = new EndpointHarness();

        var (status, answer) = await harness.PostAsync(path, body);

        Assert.Equal(500, status);
        Assert.Contains(expected, answer.GetProperty("Err").GetString(), StringComparison.Ordinal);
        Assert.Contains("nothing was done", answer.GetProperty("Error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestPool_IpamOptsNonString_Accepted()
    {
        await using var harness = new EndpointHarness();

        var (status, _) = await harness.PostAsync(IpamEndpoints.RequestPoolPath,
            """{"AddressSpace":"LocalDefault","Pool":"10.90.0.0/24","Options":{"foo":"bar","n":1},"V6":false}""");

        Assert.Equal(200, status);
    }

    [Fact]
    public async Task RequestPool_Overlap_500WithErrAndErrorEqual()
    {
        await using var harness = new EndpointHarness();
        await harness.PostAsync(IpamEndpoints.RequestPoolPath, CreateRequest);

        var (status, body) = await harness.PostAsync(IpamEndpoints.RequestPoolPath, CreateRequest);

        Assert.Equal(500, status);
        var err = body.GetProperty("Err").GetString();
        Assert.Equal(err, body.GetProperty("Error").GetString());
        Assert.Contains("overlaps 10.90.0.0/24", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestPool_V6WithoutSubnet_AutomaticSlash64OfAUniqueLocalSlash48()
    {
        await using var harness = new EndpointHarness();

        var (status, body) = await harness.PostAsync(IpamEndpoints.RequestPoolPath,
            """{"AddressSpace":"LocalDefault","Pool":"","SubPool":"","Options":null,"V6":true}""");

        Assert.Equal(200, status);
        var pool = body.GetProperty("Pool").GetString()!;
        Assert.StartsWith("fd", pool, StringComparison.Ordinal);
        Assert.EndsWith("::/64", pool, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(IpamEndpoints.RequestPoolPath, "IpamDriver.RequestPool")]
    [InlineData(IpamEndpoints.RequestAddressPath, "IpamDriver.RequestAddress")]
    [InlineData(IpamEndpoints.ReleaseAddressPath, "IpamDriver.ReleaseAddress")]
    [InlineData(IpamEndpoints.ReleasePoolPath, "IpamDriver.ReleasePool")]
    public async Task AnyRoute_MalformedJson_500NamingMethod(string path, string method)
    {
        await using var harness = new EndpointHarness();

        var (status, body) = await harness.PostAsync(path, "{\"PoolID\": ");

        Assert.Equal(500, status);
        Assert.Contains(method, body.GetProperty("Err").GetString(), StringComparison.Ordinal);
        Assert.Contains("not valid JSON", body.GetProperty("Error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestPool_HostRoutesThrow_500InternalError()
    {
        await using var harness = new EndpointHarness(() => throw new InvalidOperationException("netlink down"));

        var (status, body) = await harness.PostAsync(IpamEndpoints.RequestPoolPath, """{"AddressSpace":"LocalDefault"}""");

        Assert.Equal(500, status);
        Assert.Contains("netlink down", body.GetProperty("Err").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestAddress_GatewayOption_FirstAddressWithPoolPrefix()
    {
        await using var harness = new EndpointHarness();
        await harness.PostAsync(IpamEndpoints.RequestPoolPath, CreateRequest);

        var (status, body) = await harness.PostAsync(IpamEndpoints.RequestAddressPath,
            """{"PoolID":"LocalDefault/10.90.0.0/24","Address":"","Options":{"RequestAddressType":"com.docker.network.gateway"}}""");

        Assert.Equal(200, status);
        Assert.Equal("10.90.0.1/24", body.GetProperty("Address").GetString());
        Assert.Equal(JsonValueKind.Object, body.GetProperty("Data").ValueKind);
    }

    [Fact]
    public async Task RequestAddress_NullOptions_LowestFree()
    {
        await using var harness = new EndpointHarness();
        await harness.PostAsync(IpamEndpoints.RequestPoolPath, CreateRequest);
        await harness.PostAsync(IpamEndpoints.RequestAddressPath, """{"PoolID":"LocalDefault/10.90.0.0/24","Address":"10.90.0.1","Options":null}""");

        var (status, body) = await harness.PostAsync(IpamEndpoints.RequestAddressPath,
            """{"PoolID":"LocalDefault/10.90.0.0/24","Address":"","Options":{"com.docker.network.endpoint.name":"web"}}""");

        Assert.Equal(200, status);
        Assert.Equal("10.90.0.2/24", body.GetProperty("Address").GetString());
    }

    [Fact]
    public async Task RequestAddress_Duplicate_500SaysInUse()
    {
        await using var harness = new EndpointHarness();
        await harness.PostAsync(IpamEndpoints.RequestPoolPath, CreateRequest);
        const string request = """{"PoolID":"LocalDefault/10.90.0.0/24","Address":"10.90.0.5","Options":null}""";
        await harness.PostAsync(IpamEndpoints.RequestAddressPath, request);

        var (status, body) = await harness.PostAsync(IpamEndpoints.RequestAddressPath, request);

        Assert.Equal(500, status);
        Assert.Contains("address 10.90.0.5 is already in use in pool", body.GetProperty("Err").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestAddress_UnknownPool_500()
    {
        await using var harness = new EndpointHarness();

        var (status, body) = await harness.PostAsync(IpamEndpoints.RequestAddressPath,
            """{"PoolID":"LocalDefault/10.1.0.0/24","Address":"","Options":null}""");

        Assert.Equal(500, status);
        Assert.Contains("unknown pool ID LocalDefault/10.1.0.0/24", body.GetProperty("Err").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestAddress_EmptyBody_500SaysSo()
    {
        await using var harness = new EndpointHarness();

        var (status, body) = await harness.PostAsync(IpamEndpoints.RequestAddressPath, "");

        Assert.Equal(500, status);
        Assert.Contains("the request body is empty", body.GetProperty("Err").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(IpamEndpoints.ReleaseAddressPath, """{"PoolID":"LocalDefault/10.1.0.0/24","Address":"10.1.0.5"}""")]
    [InlineData(IpamEndpoints.ReleasePoolPath, """{"PoolID":"LocalDefault/10.1.0.0/24"}""")]
    public async Task Release_Unknown_200EmptyObject(string path, string body)
    {
        await using var harness = new EndpointHarness();

        var (status, answer) = await harness.PostAsync(path, body);

        Assert.Equal(200, status);
        Assert.Equal(JsonValueKind.Object, answer.ValueKind);
        Assert.Empty(answer.EnumerateObject());
    }

    [Fact]
    public async Task DockerSequence_CreateRunRemove_AllSucceedAndPoolReusable()
    {
        await using var harness = new EndpointHarness();
        const string pool = "LocalDefault/10.90.0.0/24";

        Assert.Equal(200, (await harness.PostAsync(IpamEndpoints.GetCapabilitiesPath, "")).Status);
        Assert.Equal(200, (await harness.PostAsync(IpamEndpoints.RequestPoolPath, CreateRequest)).Status);
        var gateway = await harness.PostAsync(IpamEndpoints.RequestAddressPath,
            $$$"""{"PoolID":"{{{pool}}}","Address":"","Options":{"RequestAddressType":"com.docker.network.gateway"}}""");
        var aux = await harness.PostAsync(IpamEndpoints.RequestAddressPath, $$"""{"PoolID":"{{pool}}","Address":"10.90.0.250","Options":null}""");
        var container = await harness.PostAsync(IpamEndpoints.RequestAddressPath, $$"""{"PoolID":"{{pool}}","Address":"","Options":null}""");
        Assert.Equal("10.90.0.1/24", gateway.Body.GetProperty("Address").GetString());
        Assert.Equal("10.90.0.250/24", aux.Body.GetProperty("Address").GetString());
        Assert.Equal("10.90.0.2/24", container.Body.GetProperty("Address").GetString());

        Assert.Equal(200, (await harness.PostAsync(IpamEndpoints.ReleaseAddressPath, $$"""{"PoolID":"{{pool}}","Address":"10.90.0.2"}""")).Status);
        Assert.Equal(200, (await harness.PostAsync(IpamEndpoints.ReleaseAddressPath, $$"""{"PoolID":"{{pool}}","Address":"10.90.0.1"}""")).Status);
        Assert.Equal(200, (await harness.PostAsync(IpamEndpoints.ReleasePoolPath, $$"""{"PoolID":"{{pool}}"}""")).Status);
        Assert.Equal(200, (await harness.PostAsync(IpamEndpoints.RequestPoolPath, CreateRequest)).Status);
    }

    [Fact]
    public async Task RequestPool_HandlerCalledDirectly_WritesJson()
    {
        await using var harness = new EndpointHarness();
        var context = harness.NewContext(IpamEndpoints.RequestPoolPath, CreateRequest);

        await IpamEndpoints.RequestPool(context);

        var (status, body) = EndpointHarness.Read(context);
        Assert.Equal(200, status);
        Assert.Equal("LocalDefault/10.90.0.0/24", body.GetProperty("PoolID").GetString());
        harness.HostRoutes.Verify(h => h.GetHostPrefixes(), Times.Never);
    }
}
