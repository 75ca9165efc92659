using System.Text.Json.Serialization.Metadata;
using Csnet.Common.Http;
using Csnet.Plugin.Errors;
using Microsoft.AspNetCore.Http;

namespace Csnet.Plugin.Endpoints;

/// <summary>The request body (the reader shared with the IPAM routes) and the fields a method cannot work without.</summary>
public static class RequestBody
{
    /// <summary>Null for an empty body; malformed JSON is answered by the middleware with the method's name.</summary>
    public static Task<T?> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type) where T : class =>
        PluginRequestBody.ReadAsync(context, type);

    /// <summary>A request field the method cannot work without.</summary>
    public static string Require(string? value, string field, HttpContext context) =>
        string.IsNullOrEmpty(value)
            ? throw new CsnetException(ErrorKind.InvalidRequest, $"{PluginRequestBody.Method(context)}: {field} is missing")
            : value;
}
