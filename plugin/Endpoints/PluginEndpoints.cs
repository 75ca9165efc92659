using Csnet.Plugin.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Csnet.Plugin.Endpoints;

public static class PluginEndpoints
{
    /// <summary>Only legacy (v1) discovery calls Activate; one process serves both subsystems.</summary>
    public static IEndpointRouteBuilder MapPluginEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/Plugin.Activate", context =>
            Responses.WriteAsync(context, new PluginActivateResponse(["NetworkDriver", "IpamDriver"]),
                CsnetJsonContext.Default.PluginActivateResponse));
        return app;
    }
}
