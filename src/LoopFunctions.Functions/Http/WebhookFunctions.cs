using LoopFunctions.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;

namespace LoopFunctions.Functions.Http;

/// <summary>The webhooks, <c>POST /api/webhooks/github</c> and <c>POST /api/webhooks/generic/{name}</c>: anonymous at the
/// Functions level, because senders authenticate with an HMAC-SHA256 signature of the body, checked (by the same code
/// as <c>loopfn serve</c>) before anything of the delivery is read.</summary>
public sealed class WebhookFunctions(LoopTriggers triggers)
{
    [Function("GitHubWebhook")]
    public async Task<HttpResponseData> GitHubAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/github")] HttpRequestData request,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;
        var body = await HttpAnswers.ReadBodyAsync(request, ct).ConfigureAwait(false);
        var answer = await triggers.GitHub(client).HandleAsync(body, name => HttpAnswers.Header(request, name), ct).ConfigureAwait(false);
        return await HttpAnswers.WriteAsync(request, answer, ct).ConfigureAwait(false);
    }

    [Function("GenericWebhook")]
    public async Task<HttpResponseData> GenericAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/generic/{name}")] HttpRequestData request,
        string name,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;
        var body = await HttpAnswers.ReadBodyAsync(request, ct).ConfigureAwait(false);
        var answer = await triggers.Generic(client).HandleAsync(name, body, header => HttpAnswers.Header(request, header), ct).ConfigureAwait(false);
        return await HttpAnswers.WriteAsync(request, answer, ct).ConfigureAwait(false);
    }
}
