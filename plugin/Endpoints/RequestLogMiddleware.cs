using System.Diagnostics;
using Csnet.Common.Http;
using Csnet.Plugin.Errors;
using Microsoft.AspNetCore.Http;
using Csnet.Plugin.Protocol;

namespace Csnet.Plugin.Endpoints;

/// <summary>
/// Turns every failure into HTTP 500 with {"Err","Error"} (the network shim reads Err, the IPAM
/// shim Error) and logs one line per request: method, IDs, outcome, duration.
/// </summary>
public sealed class RequestLogMiddleware(RequestDelegate next, ILogger<RequestLogMiddleware> logger)
{
    public const string IdsKey = "csnet.ids";

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var method = context.Request.Path.Value?.TrimStart('/') ?? "";
        string outcome;
        string metricOutcome;
        try
        {
            await next(context);
            // The IPAM routes answer their own errors; the status says how they went.
            (outcome, metricOutcome) = context.Response.StatusCode switch
            {
                StatusCodes.Status404NotFound => ("not implemented (404)", RequestMetrics.NotImplemented),
                >= 400 and var status => ($"failed ({status})", RequestMetrics.Failed),
                _ => ("ok", RequestMetrics.Ok),
            };
        }
        catch (CsnetException error)
        {
            outcome = $"{error.Kind}: {error.Message}";
            metricOutcome = RequestMetrics.OutcomeOf(error.Kind);
            await WriteErrorAsync(context, error.Message);
        }
        catch (MalformedRequestException error)
        {
            outcome = $"{ErrorKind.InvalidRequest}: {error.Message}";
            metricOutcome = RequestMetrics.OutcomeOf(ErrorKind.InvalidRequest);
            await WriteErrorAsync(context, error.Message);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            outcome = "cancelled by the daemon";
            metricOutcome = RequestMetrics.Cancelled;
        }
        catch (Exception error)
        {
            logger.Unexpected(method, error);
            outcome = $"internal error: {error.Message}";
            metricOutcome = RequestMetrics.Internal;
            await WriteErrorAsync(context, $"csnet internal error: {error.Message}");
        }
        var ids = context.Items.TryGetValue(IdsKey, out var value) ? value as string : null;
        var elapsedTime = Stopwatch.GetElapsedTime(started);
        var elapsed = elapsedTime.TotalMilliseconds;
        RequestMetrics.Record(RequestMetrics.MethodLabel(method), metricOutcome, elapsedTime.TotalSeconds);
        if (outcome == "ok" && HttpMethods.IsGet(context.Request.Method))
            logger.ReadRequest(method, ids ?? "", outcome, elapsed);
        else if (outcome == "ok")
            logger.Request(method, ids ?? "", outcome, elapsed);
        else
            logger.RequestFailed(method, ids ?? "", outcome, elapsed);
    }

    private static async Task WriteErrorAsync(HttpContext context, string message)
    {
        if (context.Response.HasStarted)
            return;
        context.Response.Clear();
        await Responses.WriteAsync(context, new ErrorResponse(message, message), CsnetJsonContext.Default.ErrorResponse,
            StatusCodes.Status500InternalServerError);
    }
}
