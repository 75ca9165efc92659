using System.Security.Cryptography;

namespace Csnet.Bench.Plugin;

/// <summary>A csnet bridge network made with the calls and bodies dockerd sends for `docker network create -d csnet --ipam-driver csnet --subnet …`.</summary>
public sealed record BenchNetwork(string NetworkId, string PoolId, string Subnet)
{
    public static async Task<BenchNetwork> CreateAsync(PluginClient client, string subnet)
    {
        var pool = await client.PostAsync("/IpamDriver.RequestPool",
            $$$"""{"AddressSpace":"LocalDefault","Pool":"{{{subnet}}}","SubPool":"","Options":{},"V6":false}""");
        var poolId = pool.GetProperty("PoolID").GetString()!;
        var gateway = await client.PostAsync("/IpamDriver.RequestAddress",
            $$$"""{"PoolID":"{{{poolId}}}","Address":"","Options":{"RequestAddressType":"com.docker.network.gateway"}}""");
        var networkId = NewId();
        await client.PostAsync("/NetworkDriver.CreateNetwork",
            $$$"""{"NetworkID":"{{{networkId}}}","Options":{"com.docker.network.enable_ipv6":false,"com.docker.network.generic":{}},"IPv4Data":[{"AddressSpace":"LocalDefault","Pool":"{{{subnet}}}","Gateway":"{{{gateway.GetProperty("Address").GetString()}}}"}],"IPv6Data":[]}""");
        return new BenchNetwork(networkId, poolId, subnet);
    }

    /// <summary>A 64-hex id like the daemon's.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
