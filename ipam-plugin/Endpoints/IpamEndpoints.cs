using System.Text.Json;
using Csnet.Ipam.Allocation;
using Csnet.Ipam.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Csnet.Ipam.Endpoints;

/// <summary>The six <c>/IpamDriver.*</c> routes: DTO in, allocator call, DTO out.</summary>
public static partial class IpamEndpoints
{
    public const string GetCapabilitiesPath = "/IpamDriver.GetCapabilities";
    public const string GetDefaultAddressSpacesPath = "/IpamDriver.GetDefaultAddressSpaces";
    public const string RequestPoolPath = "/IpamDriver.RequestPool";
    public const string ReleasePoolPath = "/IpamDriver.ReleasePool";
    public const string RequestAddressPath = "/IpamDriver.RequestAddress";
    public const string ReleaseAddressPath = "/IpamDriver.ReleaseAddress";

    private static readonly Dictionary<string, string> NoData = [];

    public static IEndpointRouteBuilder MapIpamEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(GetCapabilitiesPath, GetCapabilities);
        app.MapPost(GetDefaultAddressSpacesPath, GetDefaultAddressSpaces);
        app.MapPost(RequestPoolPath, RequestPool);
        app.MapPost(ReleasePoolPath, ReleasePool);
        app.MapPost(RequestAddressPath, RequestAddress);
        app.MapPost(ReleaseAddressPath, ReleaseAddress);
        return app;
    }

    internal static Task GetCapabilities(HttpContext context) =>
        RunAsync(context, "IpamDriver.GetCapabilities", async _ =>
        {
            // Every pool and address is written to LiteDB before it is answered, so csnet survives
            // its own and the daemon's restarts with its state intact: no replay is needed. Replay
            // would re-request every pool with its old subnet, which csnet would (rightly) refuse as
            // an overlap with itself. The MAC is not used to choose addresses.
            await WriteAsync(context, new IpamCapabilitiesResponse(RequiresMACAddress: false, RequiresRequestReplay: false),
                IpamJsonContext.Default.IpamCapabilitiesResponse);
        });

    internal static Task GetDefaultAddressSpaces(HttpContext context) =>
        RunAsync(context, "IpamDriver.GetDefaultAddressSpaces", async allocator =>
        {
            await WriteAsync(context, new DefaultAddressSpacesResponse(allocator.LocalAddressSpace, allocator.GlobalAddressSpace),
                IpamJsonContext.Default.DefaultAddressSpacesResponse);
        });

    internal static Task RequestPool(HttpContext context) =>
        RunAsync(context, "IpamDriver.RequestPool", async allocator =>
        {
            var request = await ReadRequiredAsync(context, "IpamDriver.RequestPool", IpamJsonContext.Default.RequestPoolRequest);
            Require(request.AddressSpace, "IpamDriver.RequestPool", "AddressSpace");
            var pool = allocator.RequestPool(new PoolRequest(
                request.AddressSpace, request.Pool, request.SubPool, request.V6, ToStrings(request.Options)));
            await WriteAsync(context, new RequestPoolResponse(pool.PoolId, pool.Pool.ToString(), NoData),
                IpamJsonContext.Default.RequestPoolResponse);
        });

    internal static Task ReleasePool(HttpContext context) =>
        RunAsync(context, "IpamDriver.ReleasePool", async allocator =>
        {
            var request = await ReadRequiredAsync(context, "IpamDriver.ReleasePool", IpamJsonContext.Default.ReleasePoolRequest);
            allocator.ReleasePool(Require(request.PoolID, "IpamDriver.ReleasePool", "PoolID"));
            await WriteAsync(context, new IpamEmptyResponse(), IpamJsonContext.Default.IpamEmptyResponse);
        });

    internal static Task RequestAddress(HttpContext context) =>
        RunAsync(context, "IpamDriver.RequestAddress", async allocator =>
        {
            var request = await ReadRequiredAsync(context, "IpamDriver.RequestAddress", IpamJsonContext.Default.RequestAddressRequest);
            Require(request.PoolID, "IpamDriver.RequestAddress", "PoolID");
            var gateway = request.Options is { } options
                && options.TryGetValue(IpamOptionKeys.RequestAddressType, out var type)
                && type.ValueKind == JsonValueKind.String
                && type.GetString() == IpamOptionKeys.GatewayRequestType;
            var address = await allocator.RequestAddressAsync(request.PoolID, request.Address, gateway, context.RequestAborted);
            await WriteAsync(context, new RequestAddressResponse(address.Cidr, NoData),
                IpamJsonContext.Default.RequestAddressResponse);
        });

    internal static Task ReleaseAddress(HttpContext context) =>
        RunAsync(context, "IpamDriver.ReleaseAddress", async allocator =>
        {
            var request = await ReadRequiredAsync(context, "IpamDriver.ReleaseAddress", IpamJsonContext.Default.ReleaseAddressRequest);
            allocator.ReleaseAddress(
                Require(request.PoolID, "IpamDriver.ReleaseAddress", "PoolID"),
                Require(request.Address, "IpamDriver.ReleaseAddress", "Address"));
            await WriteAsync(context, new IpamEmptyResponse(), IpamJsonContext.Default.IpamEmptyResponse);
        });

    // Docker sends map[string]string; other JSON values are kept as their JSON text rather than refused.
    private static Dictionary<string, string>? ToStrings(Dictionary<string, JsonElement>? options) =>
        options?.ToDictionary(
            p => p.Key,
            p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? "" : p.Value.GetRawText());
}
