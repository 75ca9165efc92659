using System.Net.NetworkInformation;
using System.Text.Json;
using Csnet.Plugin.Ctl;
using Csnet.Plugin.Kernel.Rtnl;
using Csnet.Plugin.Tests.Endpoints;
using Xunit;

namespace Csnet.Plugin.Tests.Admin;

/// <summary>
/// <c>csnetctl state export</c> from a plugin that served Docker's calls, over its Unix socket, and
/// <c>state import</c> into a fresh folder: a plugin started there holds the same networks and pools.
/// The second plugin runs over the first one's fake kernel, as after restoring a backup on the same
/// host: over an empty kernel its reconciler would rightly drop endpoints whose links are gone.
/// </summary>
public sealed class StateExportImportTests : IAsyncLifetime
{
    private const string BridgeId = "b7000000000000000000000000000000000000000000000000000000000000b1";
    private const string MacvlanId = "a7000000000000000000000000000000000000000000000000000000000000a2";
    private readonly string _work = Path.Combine(Path.GetTempPath(), "csnet-state-" + Guid.NewGuid().ToString("N")[..12]);
    private PluginHost _source = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_work);
        _source = await PluginHost.StartAsync(onDisk: true, unixSocket: true);
        _source.Rtnl.Existing(new OtherLink("") { Name = "eth1", Mtu = 1500, IsUp = true, MacAddress = PhysicalAddress.Parse("02-00-00-00-00-E1") });

        // docker network create -d csnet --ipam-driver csnet --ipv6 --subnet 10.93.0.0/24 --subnet fd93::/64, and one container.
        var v4 = await _source.RequestPoolAsync("10.93.0.0/24", v6: false);
        var v6 = await _source.RequestPoolAsync("fd93::/64", v6: true);
        await _source.RequestAddressAsync(v4, "com.docker.network.gateway");
        await _source.RequestAddressAsync(v6, "com.docker.network.gateway");
        await _source.OkAsync("/NetworkDriver.CreateNetwork",
            $$$"""{"NetworkID":"{{{BridgeId}}}","Options":{"com.docker.network.enable_ipv6":true,"com.docker.network.generic":{}},"IPv4Data":[{"AddressSpace":"LocalDefault","Pool":"10.93.0.0/24","Gateway":"10.93.0.1/24"}],"IPv6Data":[{"AddressSpace":"LocalDefault","Pool":"fd93::/64","Gateway":"fd93::1/64"}]}""");
        var address4 = await _source.RequestAddressAsync(v4);
        var address6 = await _source.RequestAddressAsync(v6);
        await _source.OkAsync("/NetworkDriver.CreateEndpoint",
            $$$"""{"NetworkID":"{{{BridgeId}}}","EndpointID":"e1{{{BridgeId[2..]}}}","Interface":{"Address":"{{{address4}}}","AddressIPv6":"{{{address6}}}","MacAddress":""},"Options":null}""");

        // docker network create -d csnet -o mode=macvlan -o parent=eth1 --subnet 10.94.0.0/24 --gateway 10.94.0.254, and one container.
        var lan = await _source.RequestPoolAsync("10.94.0.0/24", v6: false);
        await _source.RequestAddressAsync(lan, "com.docker.network.gateway", "10.94.0.254");
        await _source.OkAsync("/NetworkDriver.CreateNetwork",
            $$$"""{"NetworkID":"{{{MacvlanId}}}","Options":{"com.docker.network.enable_ipv6":false,"com.docker.network.generic":{"mode":"macvlan","parent":"eth1"}},"IPv4Data":[{"AddressSpace":"LocalDefault","Pool":"10.94.0.0/24","Gateway":"10.94.0.254/24"}],"IPv6Data":[]}""");
        var lanAddress = await _source.RequestAddressAsync(lan);
        await _source.OkAsync("/NetworkDriver.CreateEndpoint",
            $$$"""{"NetworkID":"{{{MacvlanId}}}","EndpointID":"e2{{{MacvlanId[2..]}}}","Interface":{"Address":"{{{lanAddress}}}","AddressIPv6":"","MacAddress":""},"Options":null}""");
    }

    public async Task DisposeAsync()
    {
        await _source.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task ExportThenImportIntoAFreshFolder_APluginThereListsTheSameNetworksAndPools()
    {
        var file = Path.Combine(_work, "backup.json");
        var fresh = Path.Combine(_work, "moved", "state");

        var export = await CtlAsync("state", "export", "--socket", _source.SocketPath, "-o", file);
        var import = await CtlAsync("state", "import", file, "--state-dir", fresh);

        Assert.True(export.Code == 0, export.Error);
        Assert.Contains("exported ", export.Error);
        Assert.True(import.Code == 0, import.Error);
        Assert.StartsWith("imported ", import.Output);
        var networks = await GetAsync(_source, "/csnet/v1/networks");
        var pools = await GetAsync(_source, "/csnet/v1/ipam");
        await using var moved = await PluginHost.StartAsync(onDisk: true, stateDir: fresh, unixSocket: false, _source.Rtnl);
        Assert.Equal(networks, await GetAsync(moved, "/csnet/v1/networks"));
        Assert.Equal(pools, await GetAsync(moved, "/csnet/v1/ipam"));
        Assert.Equal(await GetAsync(_source, $"/csnet/v1/networks/{BridgeId}"), await GetAsync(moved, $"/csnet/v1/networks/{BridgeId}"));

        // What the comparison is worth: both modes, both families, both endpoints made it.
        var listed = JsonDocument.Parse(networks).RootElement;
        Assert.Equal(["bridge", "macvlan"], listed.EnumerateArray().Select(n => n.GetProperty("mode").GetString()).Order());
        Assert.Contains("fd93::/64", networks);
        Assert.Equal(2, listed.EnumerateArray().Sum(n => n.GetProperty("endpoints").GetInt32()));
    }

    [Fact]
    public async Task Export_ToStdout_IsTheStateJsonWithEveryCollection()
    {
        var (code, output, _) = await CtlAsync("state", "export", "--socket", _source.SocketPath);

        Assert.Equal(0, code);
        var collections = JsonDocument.Parse(output).RootElement.GetProperty("collections");
        foreach (var name in new[] { "csnet_schema", "networks", "endpoints", "ipam_pools", "ipam_addresses" })
            Assert.True(collections.TryGetProperty(name, out var documents) && documents.GetArrayLength() > 0, $"{name} missing or empty");
    }

    [Fact]
    public async Task ImportOverAStateThatHoldsAPool_RefusedUntilForced()
    {
        var file = Path.Combine(_work, "backup.json");
        await CtlAsync("state", "export", "--socket", _source.SocketPath, "-o", file);
        var target = Path.Combine(_work, "busy");
        await using (var busy = await PluginHost.StartAsync(onDisk: true, stateDir: target))
        {
            var pool = await busy.RequestPoolAsync("10.99.0.0/24");
            Assert.NotEmpty(pool);
        }

        var refused = await CtlAsync("state", "import", file, "--state-dir", target);
        var forced = await CtlAsync("state", "import", file, "--state-dir", target, "--force");

        Assert.Equal(1, refused.Code);
        Assert.Contains($"the state folder {target} already holds 1 pool", refused.Error);
        Assert.Contains("--force", refused.Error);
        Assert.True(forced.Code == 0, forced.Error);
        Assert.Contains("replacing what it held", forced.Output);
        await using var replaced = await PluginHost.StartAsync(onDisk: true, stateDir: target, unixSocket: false, _source.Rtnl);
        Assert.Equal(await GetAsync(_source, "/csnet/v1/ipam"), await GetAsync(replaced, "/csnet/v1/ipam"));
    }

    private static async Task<string> GetAsync(PluginHost host, string path)
    {
        using var response = await host.Client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {body}");
        return body;
    }

    private static async Task<(int Code, string Output, string Error)> CtlAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CtlProgram.RunAsync("/usr/bin/csnetctl", args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
