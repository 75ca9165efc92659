using System.Text;
using System.Text.Json;
using CsCheck;
using Xunit;
using Xunit.Abstractions;

namespace Csnet.Plugin.Tests.Endpoints;

/// <summary>
/// Generated requests against every route, each one wrong in at least one way (no body, null,
/// garbage, {}, missing or mistyped fields, unknown ids, bad subnets, unknown options): every
/// answer is a 200 for a harmless no-op or a 500 that names the problem, never an unexpected
/// failure; afterwards the database and the kernel are as before and the plugin still serves.
/// </summary>
public sealed class RequestFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Requests = 100_000;
    private PluginHost _host = null!;

    public async Task InitializeAsync() => _host = await PluginHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static readonly string[] Routes =
    [
        "/Plugin.Activate", "/NetworkDriver.GetCapabilities", "/NetworkDriver.GwAllocCheck", "/NetworkDriver.CreateNetwork",
        "/NetworkDriver.DeleteNetwork", "/NetworkDriver.AllocateNetwork", "/NetworkDriver.FreeNetwork", "/NetworkDriver.CreateEndpoint",
        "/NetworkDriver.DeleteEndpoint", "/NetworkDriver.EndpointOperInfo", "/NetworkDriver.Join", "/NetworkDriver.Leave",
        "/NetworkDriver.ProgramExternalConnectivity", "/NetworkDriver.RevokeExternalConnectivity", "/NetworkDriver.DiscoverNew",
        "/NetworkDriver.DiscoverDelete", "/IpamDriver.GetCapabilities", "/IpamDriver.GetDefaultAddressSpaces", "/IpamDriver.RequestPool",
        "/IpamDriver.ReleasePool", "/IpamDriver.RequestAddress", "/IpamDriver.ReleaseAddress", "/NetworkDriver.Teleport",
    ];

    private static readonly string[] Fields =
    [
        "NetworkID", "EndpointID", "Options", "IPv4Data", "IPv6Data", "Interface", "SandboxKey", "AddressSpace", "Pool", "SubPool",
        "V6", "PoolID", "Address", "DiscoveryType", "DiscoveryData",
    ];

    // Values that are never a valid whole request: unknown ids, bad CIDRs, wrong types, an unknown option.
    private static readonly Gen<string> Value = Gen.OneOf(
        Gen.Const("null"), Gen.Const("\"\""), Gen.Const("\"feedfacefeedfacefeedfacefeedfacefeedfacefeedfacefeedfacefeedface\""),
        Gen.Const("\"LocalDefault/10.254.0.0/24\""), Gen.Const("\"10.90.0.0/33\""), Gen.Const("\"fd00::/200\""), Gen.Const("\"nonsense\""),
        Gen.Const("42"), Gen.Const("-1"), Gen.Const("true"), Gen.Const("[]"), Gen.Const("[1,2,{}]"),
        Gen.Const("""{"com.docker.network.generic":{"fuzz.unknown.option":"x"}}"""),
        Gen.Const("""[{"Pool":"10.256.0.0/24"}]"""), Gen.Const("""{"Address":"not an address","MacAddress":"zz"}"""),
        Gen.String.Select(s => JsonSerializer.Serialize(s)));

    private static readonly Gen<string> Body = Gen.OneOf(
        Gen.Const(""), Gen.Const("null"), Gen.Const("{}"), Gen.Const("[]"), Gen.Const("{"), Gen.Const("\u0000\u0001"),
        Gen.String,
        Gen.Select(Gen.Int[0, Fields.Length - 1], Value).Array[1, 6].Select(pairs =>
            "{" + string.Join(",", pairs.Select(p => $"\"{Fields[p.Item1]}\":{p.Item2}")) + "}"));

    [Fact]
    public async Task GeneratedRequests_AnsweredWithoutAnUnexpectedFailureAndChangeNothing()
    {
        var count = 0;
        Gen.Select(Gen.Int[0, Routes.Length - 1], Body).Sample((route, body) =>
        {
            Interlocked.Increment(ref count);
            var (status, answer) = _host.PostAsync(Routes[route], body).GetAwaiter().GetResult();
            if (status == 404)
                return Routes[route] == "/NetworkDriver.Teleport";
            if (status == 200)
                return true;
            if (status != 500)
                return false;
            using var json = JsonDocument.Parse(answer);
            var err = json.RootElement.GetProperty("Err").GetString() ?? "";
            return err.Length > 0 && !err.Contains("internal error", StringComparison.Ordinal);
        }, iter: Requests, print: t => $"{Routes[t.Item1]} {t.Item2}");
        output.WriteLine($"{count} requests");
        Console.WriteLine($"request fuzz: {count} requests");

        Assert.True(count >= Requests, $"only {count} requests");
        Assert.Equal(0, _host.Database.GetCollection("networks").Count());
        Assert.Equal(0, _host.Database.GetCollection("endpoints").Count());
        Assert.Equal(0, _host.Database.GetCollection("ipam_pools").Count());
        Assert.Equal(0, _host.Database.GetCollection("ipam_addresses").Count());
        Assert.Empty(_host.Rtnl.Calls);
        Assert.Equal(200, (await _host.PostAsync("/Plugin.Activate")).Status);
    }
}
