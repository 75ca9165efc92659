using System.Net.Sockets;
using Csnet.Plugin.Drivers;
using Csnet.Plugin.Errors;
using Csnet.Plugin.Model;
using Csnet.Plugin.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Csnet.Plugin.Endpoints;

/// <summary>Every /NetworkDriver.* route: DTO in, one controller call, DTO out.</summary>
public static class NetworkDriverEndpoints
{
    private static readonly CsnetJsonContext Json = CsnetJsonContext.Default;

    public static IEndpointRouteBuilder MapNetworkDriverEndpoints(this IEndpointRouteBuilder app)
    {
        // Scope "local": networks live on this host only (global needs a cluster store, §2.4 of the protocol notes).
        app.MapPost("/NetworkDriver.GetCapabilities", context =>
            Responses.WriteAsync(context, new CapabilitiesResponse("local", "local", GwAllocChecker: true), Json.CapabilitiesResponse));

        app.MapPost("/NetworkDriver.GwAllocCheck", async (HttpContext context, NetworkController controller) =>
        {
            var request = await RequestBody.ReadRequiredAsync(context, Json.GwAllocCheckRequest);
            var options = RequestBody.Require(request.Options, "Options", context);
            var (skip4, skip6) = controller.SkipGatewayAllocation(OptionMapping.GenericOptions(options));
            await Responses.WriteAsync(context, new GwAllocCheckResponse(skip4, skip6), Json.GwAllocCheckResponse);
        });

        app.MapPost("/NetworkDriver.CreateNetwork", async (HttpContext context, NetworkController controller) =>
        {
            var request = await RequestBody.ReadRequiredAsync(context, Json.CreateNetworkRequest);
            var id = RequestBody.Require(request.NetworkID, "NetworkID", context);
            Responses.Tag(context, id);
            var spec = new NetworkSpec(
                id,
                OptionMapping.GenericOptions(request.Options),
                OptionMapping.Flag(request.Options, OptionMapping.Internal),
                OptionMapping.Flag(request.Options, OptionMapping.EnableIPv6),
                OptionMapping.Subnets(request.IPv4Data, request.IPv6Data));
            await controller.CreateNetworkAsync(spec, context.RequestAborted);
            await Responses.EmptyAsync(context);
        });

        app.MapPost("/NetworkDriver.DeleteNetwork", async (HttpContext context, NetworkController controller) =>
        {
            var id = await NetworkIdAsync(context);
            await controller.DeleteNetworkAsync(id, context.RequestAborted);
            await Responses.EmptyAsync(context);
        });

        app.MapPost("/NetworkDriver.AllocateNetwork", async context =>
        {
            // Only swarm managers call this, for global-scope drivers; echo the options so nodes get them.
            var request = await RequestBody.ReadRequiredAsync(context, Json.AllocateNetworkRequest);
            Responses.Tag(context, RequestBody.Require(request.NetworkID, "NetworkID", context));
            await Responses.WriteAsync(context, new AllocateNetworkResponse(request.Options ?? []), Json.AllocateNetworkResponse);
        });

        app.MapPost("/NetworkDriver.FreeNetwork", async context =>
        {
            await NetworkIdAsync(context);
            await Responses.EmptyAsync(context);
        });

        app.MapPost("/NetworkDriver.CreateEndpoint", async (HttpContext context, NetworkController controller) =>
        {
            var request = await RequestBody.ReadRequiredAsync(context, Json.CreateEndpointRequest);
            var networkId = RequestBody.Require(request.NetworkID, "NetworkID", context);
            var endpointId = RequestBody.Require(request.EndpointID, "EndpointID", context);
            Responses.Tag(context, networkId, endpointId);
            var spec = ToSpec(networkId, endpointId, RequestBody.Require(request.Interface, "Interface", context));
            var result = await controller.CreateEndpointAsync(spec, context.RequestAborted);
            var answer = result.GeneratedMacAddress is { } mac
                ? new CreateEndpointResponse(new EndpointInterface(null, null, MacAddresses.Format(mac)))
                : new CreateEndpointResponse(null);
            await Responses.WriteAsync(context, answer, Json.CreateEndpointResponse);
        });

        app.MapPost("/NetworkDriver.DeleteEndpoint", async (HttpContext context, NetworkController controller) =>
        {
            var (networkId, endpointId) = await EndpointIdsAsync(context);
            await controller.DeleteEndpointAsync(networkId, endpointId, context.RequestAborted);
            await Responses.EmptyAsync(context);
        });

        app.MapPost("/NetworkDriver.EndpointOperInfo", async context =>
        {
            // The daemon cannot read port information from a remote driver (libnetwork#2451); the
            // answer is empty, but only to a request that names an endpoint.
            await EndpointIdsAsync(context);
            await Responses.WriteAsync(context, new EndpointOperInfoResponse([]), Json.EndpointOperInfoResponse);
        });

        app.MapPost("/NetworkDriver.Join", async (HttpContext context, NetworkController controller) =>
        {
            var request = await RequestBody.ReadRequiredAsync(context, Json.JoinRequest);
            var networkId = RequestBody.Require(request.NetworkID, "NetworkID", context);
            var endpointId = RequestBody.Require(request.EndpointID, "EndpointID", context);
            Responses.Tag(context, networkId, endpointId);
            var result = controller.Join(networkId, endpointId, request.SandboxKey);
            await Responses.WriteAsync(context,
                new JoinResponse(new InterfaceName(result.SrcName, result.DstPrefix), result.Gateway?.ToString(), result.GatewayIPv6?.ToString(), null, result.DisableGatewayService),
                Json.JoinResponse);
        });

        app.MapPost("/NetworkDriver.Leave", async (HttpContext context, NetworkController controller) =>
        {
            var (networkId, endpointId) = await EndpointIdsAsync(context);
            controller.Leave(networkId, endpointId);
            await Responses.EmptyAsync(context);
        });

        app.MapPost("/NetworkDriver.ProgramExternalConnectivity", async (HttpContext context, NetworkController controller) =>
        {
            var request = await RequestBody.ReadRequiredAsync(context, Json.ExternalConnectivityRequest);
            var networkId = RequestBody.Require(request.NetworkID, "NetworkID", context);
            var endpointId = RequestBody.Require(request.EndpointID, "EndpointID", context);
            Responses.Tag(context, networkId, endpointId);
            controller.ProgramExternalConnectivity(networkId, endpointId, OptionMapping.PortRequests(request.Options));
            await Responses.EmptyAsync(context);
        });

        app.MapPost("/NetworkDriver.RevokeExternalConnectivity", async (HttpContext context, NetworkController controller) =>
        {
            var (networkId, endpointId) = await EndpointIdsAsync(context);
            controller.RevokeExternalConnectivity(networkId, endpointId);
            await Responses.EmptyAsync(context);
        });

        app.MapPost("/NetworkDriver.DiscoverNew", DiscoveryAsync);
        app.MapPost("/NetworkDriver.DiscoverDelete", DiscoveryAsync);
        return app;
    }

    // Swarm node discovery carries nothing csnet uses (Scope local), but it must be a discovery.
    private static async Task DiscoveryAsync(HttpContext context)
    {
        var request = await RequestBody.ReadRequiredAsync(context, Json.DiscoveryRequest);
        if (request.DiscoveryType is null)
            throw new CsnetException(ErrorKind.InvalidRequest, $"{Common.Http.PluginRequestBody.Method(context)}: DiscoveryType is missing; nothing was done");
        await Responses.EmptyAsync(context);
    }

    private static async Task<string> NetworkIdAsync(HttpContext context)
    {
        var request = await RequestBody.ReadRequiredAsync(context, Json.NetworkRequest);
        var id = RequestBody.Require(request.NetworkID, "NetworkID", context);
        Responses.Tag(context, id);
        return id;
    }

    private static async Task<(string NetworkId, string EndpointId)> EndpointIdsAsync(HttpContext context)
    {
        var request = await RequestBody.ReadRequiredAsync(context, Json.EndpointRequest);
        var networkId = RequestBody.Require(request.NetworkID, "NetworkID", context);
        var endpointId = RequestBody.Require(request.EndpointID, "EndpointID", context);
        Responses.Tag(context, networkId, endpointId);
        return (networkId, endpointId);
    }

    private static EndpointSpec ToSpec(string networkId, string endpointId, EndpointInterface? iface)
    {
        System.Net.NetworkInformation.PhysicalAddress? mac = null;
        if (!string.IsNullOrEmpty(iface?.MacAddress) && !MacAddresses.TryParse(iface.MacAddress, out mac))
            throw new CsnetException(ErrorKind.InvalidRequest, $"Interface.MacAddress '{iface.MacAddress}' is not a MAC address");
        return new EndpointSpec(
            networkId,
            endpointId,
            OptionMapping.Address(iface?.Address, "Address", AddressFamily.InterNetwork),
            OptionMapping.Address(iface?.AddressIPv6, "AddressIPv6", AddressFamily.InterNetworkV6),
            mac);
    }
}
