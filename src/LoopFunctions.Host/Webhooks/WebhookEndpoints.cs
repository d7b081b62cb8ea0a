using LoopFunctions.Triggers.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LoopFunctions.Host.Webhooks;

/// <summary><c>POST /api/webhooks/github</c> and <c>POST /api/webhooks/generic/{name}</c>: thin adapters over the
/// handlers shared with the Azure Functions app. Both are authenticated by an HMAC-SHA256 signature of the body, not
/// by a function key: nothing is read from a delivery before its signature is checked.</summary>
internal static class WebhookEndpoints
{
    public static void MapWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/webhooks/github", async (HttpRequest request, GitHubWebhook webhook, CancellationToken ct) =>
        {
            var body = await RequestBody.ReadBytesAsync(request, ct).ConfigureAwait(false);
            return ApiResults.From(await webhook.HandleAsync(body, name => Header(request, name), ct).ConfigureAwait(false));
        });
        app.MapPost("/api/webhooks/generic/{name}", async (string name, HttpRequest request, GenericWebhook webhook, CancellationToken ct) =>
        {
            var body = await RequestBody.ReadBytesAsync(request, ct).ConfigureAwait(false);
            return ApiResults.From(await webhook.HandleAsync(name, body, header => Header(request, header), ct).ConfigureAwait(false));
        });
    }

    private static string? Header(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var value) && value.Count > 0 ? value.ToString() : null;
}
