using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace Csnet.Plugin.Metrics;

/// <summary>
/// GET /metrics in the Prometheus text format, on the plugin socket and, when
/// CSNET_METRICS_ADDRESS is set, on that loopback TCP address, where nothing else is served:
/// Docker's protocol and the admin routes stay on the root-only socket.
/// </summary>
public static class MetricsEndpoints
{
    public const string Path = "/metrics";

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, async context =>
        {
            var registry = context.RequestServices.GetRequiredService<MetricsRegistry>().Registry;
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
        });
        return app;
    }

    /// <summary>A TCP connection reaches /metrics and nothing else (a Unix socket connection has no IP address).</summary>
    public static IApplicationBuilder UseMetricsOnlyOnTcp(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (context.Connection.LocalIpAddress is null || context.Request.Path == Path)
                return next(context);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
}
