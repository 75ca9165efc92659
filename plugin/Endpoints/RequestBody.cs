using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Csnet.Plugin.Errors;

namespace Csnet.Plugin.Endpoints;

/// <summary>
/// Reads a request body. Docker sends no Content-Type and, for argument-less methods, no body at
/// all, so model binding is not used: an empty body is null, malformed JSON is a named error.
/// </summary>
public static class RequestBody
{
    public static async Task<T?> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type) where T : class
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (body.Span.Trim(" \n\r\t"u8).IsEmpty)
            return null;
        try
        {
            return JsonSerializer.Deserialize(body.Span, type);
        }
        catch (JsonException error)
        {
            throw new CsnetException(ErrorKind.InvalidRequest,
                $"{context.Request.Path.Value?.TrimStart('/')}: the request body is not valid JSON ({error.Message})");
        }
    }

    /// <summary>A request field the method cannot work without.</summary>
    public static string Require(string? value, string field, HttpContext context) =>
        string.IsNullOrEmpty(value)
            ? throw new CsnetException(ErrorKind.InvalidRequest, $"{context.Request.Path.Value?.TrimStart('/')}: {field} is missing")
            : value;
}
