using System.Text.Json;
using Xunit;

namespace Csnet.Plugin.Tests.Endpoints;

/// <summary>The calls dockerd makes for `docker network create` and `docker run`, against a <see cref="PluginHost"/>, each checked for success.</summary>
public static class DockerCalls
{
    public static async Task<string> RequestPoolAsync(this PluginHost host, string pool, bool v6 = false)
    {
        var (status, body) = await host.PostAsync("/IpamDriver.RequestPool", $$"""{"AddressSpace":"LocalDefault","Pool":"{{pool}}","V6":{{(v6 ? "true" : "false")}}}""");
        Assert.True(status == 200, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("PoolID").GetString()!;
    }

    /// <summary>An address of the pool (<paramref name="type"/> com.docker.network.gateway for the gateway); the CIDR the IPAM answered.</summary>
    public static async Task<string> RequestAddressAsync(this PluginHost host, string poolId, string? type = null, string address = "")
    {
        var options = type is null ? "{}" : $$"""{"RequestAddressType":"{{type}}"}""";
        var (status, body) = await host.PostAsync("/IpamDriver.RequestAddress", $$"""{"PoolID":"{{poolId}}","Address":"{{address}}","Options":{{options}}}""");
        Assert.True(status == 200, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("Address").GetString()!;
    }

    public static async Task OkAsync(this PluginHost host, string path, string body)
    {
        var (status, answer) = await host.PostAsync(path, body);
        Assert.True(status == 200, $"{path}: {answer}");
    }

    /// <summary>
    /// `docker network create -d csnet --ipam-driver csnet --subnet 10.90.0.0/24` (the pool's gateway
    /// .1) and one container (.2): what most admin tests look at.
    /// </summary>
    public static async Task CreateBridgeNetworkWithEndpointAsync(this PluginHost host, string networkId, string endpointId, string subnet = "10.90.0.0/24")
    {
        var prefix = subnet[..subnet.LastIndexOf('.')];
        var pool = await host.RequestPoolAsync(subnet);
        await host.RequestAddressAsync(pool, "com.docker.network.gateway");
        await host.RequestAddressAsync(pool);
        await host.OkAsync("/NetworkDriver.CreateNetwork",
            $$$"""{"NetworkID":"{{{networkId}}}","Options":{"com.docker.network.enable_ipv6":false,"com.docker.network.generic":{}},"IPv4Data":[{"AddressSpace":"LocalDefault","Pool":"{{{subnet}}}","Gateway":"{{{prefix}}}.1/24"}],"IPv6Data":[]}""");
        await host.OkAsync("/NetworkDriver.CreateEndpoint",
            $$$"""{"NetworkID":"{{{networkId}}}","EndpointID":"{{{endpointId}}}","Interface":{"Address":"{{{prefix}}}.2/24","AddressIPv6":"","MacAddress":""},"Options":null}""");
    }
}
