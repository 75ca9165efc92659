using Csnet.Plugin.Model;
using Microsoft.AspNetCore.Http;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Csnet.Plugin.Protocol;

namespace Csnet.Plugin.Endpoints;

/// <summary>Writes answers: 200 with a JSON object (never an empty body, which the daemon cannot decode).</summary>
public static class Responses
{
    private const string ContentType = "application/vnd.docker.plugins.v1.2+json";

    public static Task WriteAsync<T>(HttpContext context, T value, JsonTypeInfo<T> type, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = ContentType;
        return context.Response.WriteAsync(JsonSerializer.Serialize(value, type), context.RequestAborted);
    }

    public static Task EmptyAsync(HttpContext context) =>
        WriteAsync(context, new EmptyResponse(), CsnetJsonContext.Default.EmptyResponse);

    /// <summary>Records the IDs a request is about, for the one log line per request.</summary>
    public static void Tag(HttpContext context, string? networkId, string? endpointId = null)
    {
        var text = networkId is null ? "" : $"net={DockerId.Short(networkId)}";
        if (endpointId is not null)
            text += $" ep={DockerId.Short(endpointId)}";
        context.Items[RequestLogMiddleware.IdsKey] = text;
    }
}
