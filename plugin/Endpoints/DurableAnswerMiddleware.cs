using Csnet.Common.Storage;
using Microsoft.AspNetCore.Http;

namespace Csnet.Plugin.Endpoints;

/// <summary>
/// No answer leaves before what its request wrote is on disk: the request gets a
/// <see cref="WriteReceipt"/>, and the response's first byte waits (OnStarting) for the group commit
/// to flush up to the receipt's last write. A request that wrote nothing waits for nothing; requests
/// that write at the same time share one flush.
/// </summary>
public sealed class DurableAnswerMiddleware(RequestDelegate next, GroupCommit commits)
{
    // Async, so the receipt (an async-local value) ends with this request instead of leaking to the caller.
    public async Task InvokeAsync(HttpContext context)
    {
        var receipt = WriteReceipt.Begin();
        context.Response.OnStarting(() => receipt.Sequence == 0 ? Task.CompletedTask : commits.WaitAsync(receipt.Sequence));
        await next(context);
    }
}
