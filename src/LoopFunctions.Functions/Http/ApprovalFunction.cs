using LoopFunctions.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;

namespace LoopFunctions.Functions.Http;

/// <summary>The approval endpoint, <c>POST /api/approvals/{instanceId}</c> with <c>{"approved": true, "comment": "...",
/// "by": "..."}</c>: raises the <c>approval</c> event on a loop that waits for one (<c>governance.approve</c>).</summary>
/// <remarks>The built-in <c>raiseEvent</c> route of the Durable Functions management API would take any payload at
/// any time; this endpoint checks the decision and that the run is waiting for it, as <c>loopfn approve</c> does.</remarks>
public sealed class ApprovalFunction(LoopTriggers triggers)
{
    /// <summary>202 raised; 400 not an approval; 404 unknown run; 409 not waiting for an approval; 410 ended.</summary>
    [Function("ApproveLoop")]
    public async Task<HttpResponseData> ApproveAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "approvals/{instanceId}")] HttpRequestData request,
        string instanceId,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;
        var body = await HttpAnswers.ReadBodyAsync(request, ct).ConfigureAwait(false);
        var answer = await triggers.Approvals(client).DecideAsync(instanceId, body, ct).ConfigureAwait(false);
        return await HttpAnswers.WriteAsync(request, answer, ct).ConfigureAwait(false);
    }
}
