using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Csnet.Common.Storage;
using ILiteDatabase = LiteDB.ILiteDatabase;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Csnet.Plugin.Admin;

/// <summary>
/// csnet's own read-only routes, for csnetctl: GET only (Docker's protocol is all POST, so nothing
/// overlaps), on the same root-only socket, answered from csnet's records and never by changing them.
/// </summary>
public static class AdminEndpoints
{
    public const string Prefix = "/csnet/v1";

    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet($"{Prefix}/networks", context =>
            WriteAsync(context, Views(context).Networks(), AdminJsonContext.Default.IReadOnlyListNetworkView));
        app.MapGet($"{Prefix}/networks/{{reference}}", context =>
        {
            var reference = context.Request.RouteValues["reference"] as string ?? "";
            var (detail, problem) = Views(context).Network(reference);
            return detail is null
                ? WriteAsync(context, new AdminError(problem!), AdminJsonContext.Default.AdminError, StatusCodes.Status404NotFound)
                : WriteAsync(context, detail, AdminJsonContext.Default.NetworkDetailView);
        });
        app.MapGet($"{Prefix}/ipam", context =>
            WriteAsync(context, Views(context).Pools(), AdminJsonContext.Default.IReadOnlyListPoolView));
        app.MapGet($"{Prefix}/doctor", context =>
        {
            var findings = context.RequestServices.GetRequiredService<Doctor.DoctorRun>().Run();
            var view = new DoctorView(Ctl.CtlVersion.Current,
                [.. findings.Select(f => new FindingView(f.Check, f.Severity.ToString().ToLowerInvariant(), f.Detail, f.Fix))]);
            return WriteAsync(context, view, AdminJsonContext.Default.DoctorView);
        });
        // The whole database for `csnetctl state export`: only this process may open the file.
        app.MapGet($"{Prefix}/state", context =>
        {
            var services = context.RequestServices;
            var dump = StateDump.Read(services.GetRequiredService<ILiteDatabase>(), Ctl.CtlVersion.Current, services.GetRequiredService<TimeProvider>().GetUtcNow());
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(dump.ToJson(), context.RequestAborted);
        });
        return app;
    }

    private static AdminViewBuilder Views(HttpContext context) => context.RequestServices.GetRequiredService<AdminViewBuilder>();

    private static Task WriteAsync<T>(HttpContext context, T value, JsonTypeInfo<T> type, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(value, type), context.RequestAborted);
    }
}
