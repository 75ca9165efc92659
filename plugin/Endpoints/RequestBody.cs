using System.Text.Json.Serialization.Metadata;
using Csnet.Common.Http;
using Csnet.Plugin.Errors;
using Microsoft.AspNetCore.Http;

namespace Csnet.Plugin.Endpoints;

/// <summary>
/// The request body (the reader shared with the IPAM routes) and the fields a method cannot work
/// without. A method that takes arguments refuses a body without them and changes nothing: the
/// daemon's retry after a transport error re-sends a body it already read, so it arrives empty.
/// </summary>
public static class RequestBody
{
    /// <summary>Null for an empty body; malformed JSON is answered by the middleware with the method's name.</summary>
    public static Task<T?> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type) where T : class =>
        PluginRequestBody.ReadAsync(context, type);

    /// <summary>The body of a method that takes arguments: an empty one (or JSON null) is refused.</summary>
    public static async Task<T> ReadRequiredAsync<T>(HttpContext context, JsonTypeInfo<T> type) where T : class =>
        await PluginRequestBody.ReadAsync(context, type)
        ?? throw new CsnetException(ErrorKind.InvalidRequest,
            $"{PluginRequestBody.Method(context)}: the request body is empty; nothing was done (a retry of a call the plugin could not answer arrives empty)");

    /// <summary>A request field the method cannot work without.</summary>
    public static string Require(string? value, string field, HttpContext context) =>
        string.IsNullOrEmpty(value)
            ? throw new CsnetException(ErrorKind.InvalidRequest, $"{PluginRequestBody.Method(context)}: {field} is missing; nothing was done")
            : value;

    /// <summary>A request field that must be present (it may be empty).</summary>
    public static T Require<T>(T? value, string field, HttpContext context) where T : class =>
        value ?? throw new CsnetException(ErrorKind.InvalidRequest, $"{PluginRequestBody.Method(context)}: {field} is missing; nothing was done");
}
