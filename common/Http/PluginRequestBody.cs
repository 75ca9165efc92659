using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Csnet.Common.Http;

/// <summary>
/// Reads a plugin request body, for the network driver and the IPAM routes alike. Docker sends no
/// Content-Type and, for argument-less methods, no body at all, so model binding is not used: an
/// empty body is null, malformed JSON is a <see cref="MalformedRequestException"/> naming the method.
/// </summary>
public static class PluginRequestBody
{
    public static async Task<T?> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type) where T : class
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (body.Span.Trim(" \n\r\t"u8).IsEmpty)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body.Span, type);
        }
        catch (JsonException error)
        {
            throw new MalformedRequestException($"{Method(context)}: the request body is not valid JSON for this method ({error.Message}); send a JSON object as the Docker daemon does");
        }
    }

    /// <summary>The method name Docker called, from the path: <c>NetworkDriver.CreateNetwork</c>.</summary>
    public static string Method(HttpContext context) => context.Request.Path.Value?.TrimStart('/') ?? "";
}
