using LoopFunctions.Functions.Hosting;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Triggers.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;

namespace LoopFunctions.Functions.Http;

/// <summary>The HTTP starter, <c>POST /api/loops/{loop}[?instanceId=&amp;repo=]</c> (the body, optional JSON, is the
/// run's input), and the loop list, <c>GET /api/loops</c>. Function keys guard both, as every Functions HTTP trigger
/// with <see cref="AuthorizationLevel.Function"/>.</summary>
public sealed class StarterFunctions(LoopTriggers triggers)
{
    /// <summary>202 with <c>Location</c> and the Durable Functions check-status payload (<c>id</c>, <c>statusQueryGetUri</c>,
    /// <c>sendEventPostUri</c>, <c>terminatePostUri</c>, <c>purgeHistoryDeleteUri</c>, <c>suspendPostUri</c>,
    /// <c>resumePostUri</c>, <c>restartPostUri</c>); 404 unknown loop, 400 invalid loop file or body or a <c>repo</c>
    /// this app may not use (a git URL, or a local git repository under <c>LoopFunctions:Triggers:AllowedRepositoryRoots</c>:
    /// this app does not know its caller, so a local path always needs a root), 409 a live run has that id.</summary>
    [Function("StartLoop")]
    public async Task<HttpResponseData> StartAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "loops/{loop}")] HttpRequestData request,
        string loop,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;
        var body = await HttpAnswers.ReadBodyAsync(request, ct).ConfigureAwait(false);
        var result = await triggers.HttpStarter(client).StartAsync(loop, request.Query["instanceId"], request.Query["repo"], localCaller: false, body, ct).ConfigureAwait(false);
        return result.InstanceId is { } id
            ? await client.CreateCheckStatusResponseAsync(request, id, ct).ConfigureAwait(false)
            : await HttpAnswers.WriteAsync(request, result.Error!, ct).ConfigureAwait(false);
    }

    /// <summary>The loops this app serves, with their triggers, and the problems of invalid loop files.</summary>
    [Function("ListLoops")]
    public Task<HttpResponseData> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "loops")] HttpRequestData request,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var current = triggers.Loops.Current;
        var body = new
        {
            loops = current.Loops.Values.OrderBy(l => l.Name, StringComparer.Ordinal).Select(l => new
            {
                name = l.Name,
                triggers = l.Triggers.Select(t => EnumText.Of(t.Kind)).ToList(),
                repository = l.Repository,
                maxIterations = l.Limits.MaxIterations,
            }),
            errors = current.Errors.Select(e => e.ToString()),
        };
        return HttpAnswers.WriteAsync(request, new TriggerResponse(200, body), context.CancellationToken);
    }
}
