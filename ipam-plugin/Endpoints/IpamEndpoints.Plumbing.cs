using System.Text.Json;
using Csnet.Common.Http;
using System.Text.Json.Serialization.Metadata;
using Csnet.Ipam.Allocation;
using Csnet.Ipam.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Csnet.Ipam.Endpoints;

public static partial class IpamEndpoints
{
    private const string ResponseContentType = "application/vnd.docker.plugins.v1.2+json";
    private const string LoggerCategory = "Csnet.Ipam.Endpoints";

    /// <summary>
    /// Runs a handler and turns failures into what the daemon understands: HTTP 500 with the text in
    /// both <c>Err</c> and <c>Error</c> (§1.4). Refusals are warnings; anything else is logged with its stack.
    /// </summary>
    private static async Task RunAsync(HttpContext context, string method, Func<IpamAllocator, Task> handler)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(LoggerCategory);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Method"] = method });
        try
        {
            await handler(context.RequestServices.GetRequiredService<IpamAllocator>());
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The daemon hung up while the body was read; nothing was changed and no one listens.
        }
        catch (IpamException refused)
        {
            logger.RequestRefused(method, refused.Message);
            await WriteErrorAsync(context, refused.Message);
        }
        catch (Exception unexpected)
        {
            logger.RequestFailed(unexpected, method);
            await WriteErrorAsync(context, $"internal error in the csnet IPAM ({unexpected.GetType().Name}: {unexpected.Message}); see the csnet plugin log");
        }
    }

    /// <summary>
    /// Reads the body (see <see cref="PluginRequestBody"/>): an empty body or <c>null</c> gives null,
    /// so callers decide what "no request" means.
    /// </summary>
    private static async Task<T?> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return await PluginRequestBody.ReadAsync(context, type);
        }
        catch (MalformedRequestException malformed)
        {
            throw new IpamException(IpamErrorKind.InvalidRequest, malformed.Message);
        }
    }

    /// <summary>
    /// The body of a method that takes arguments: an empty one is refused and nothing is done (the
    /// daemon's retry after a transport error re-sends a body it already read, so it arrives empty).
    /// </summary>
    private static async Task<T> ReadRequiredAsync<T>(HttpContext context, string method, JsonTypeInfo<T> type)
        where T : class =>
        await ReadAsync(context, type)
        ?? throw new IpamException(IpamErrorKind.InvalidRequest,
            $"{method}: the request body is empty; nothing was done (a retry of a call the plugin could not answer arrives empty)");

    private static string Require(string? value, string method, string field) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new IpamException(IpamErrorKind.InvalidRequest, $"{method}: {field} is missing; nothing was done")
            : value;

    private static async Task WriteAsync<T>(HttpContext context, T response, JsonTypeInfo<T> type)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = ResponseContentType;
        await JsonSerializer.SerializeAsync(context.Response.Body, response, type);
    }

    private static async Task WriteErrorAsync(HttpContext context, string message)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        context.Response.ContentType = ResponseContentType;
        await JsonSerializer.SerializeAsync(context.Response.Body, new IpamErrorResponse(message, message),
            IpamJsonContext.Default.IpamErrorResponse);
    }
}
