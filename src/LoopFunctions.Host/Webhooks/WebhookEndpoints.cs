using System.Text;
using LoopFunctions.Durable;
using LoopFunctions.Host.Hosting;
using LoopFunctions.Host.Starters;
using LoopFunctions.Host.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.Host.Webhooks;

/// <summary><c>POST /api/webhooks/github</c> and <c>POST /api/webhooks/generic/{name}</c>. Both are authenticated by
/// an HMAC-SHA256 signature of the body, not by a function key: nothing is read from a delivery before its
/// signature is checked.</summary>
internal static class WebhookEndpoints
{
    public const string GitHubSignatureHeader = "X-Hub-Signature-256";
    public const string GenericSignatureHeader = "X-LoopFunctions-Signature-256";

    public static void MapWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/webhooks/github", GitHubAsync);
        app.MapPost("/api/webhooks/generic/{name}", GenericAsync);
    }

    private static async Task<IResult> GitHubAsync(
        HttpRequest request, LoopHostOptions options, DeliveryLog deliveries, LoopCatalogProvider catalog, GitHubDeliveryHandler handler, ILogger<DeliveryLog> logger, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(options.GitHubWebhookSecret))
        {
            return ApiResults.Error(StatusCodes.Status403Forbidden, "GitHub webhooks are off: set LoopFunctions:GitHub:WebhookSecret to the secret of the GitHub webhook");
        }

        var body = await RequestBody.ReadBytesAsync(request, ct).ConfigureAwait(false);
        if (!WebhookSignature.IsValid(options.GitHubWebhookSecret, body, request.Headers[GitHubSignatureHeader]))
        {
            LoopTelemetry.WebhookDeliveries.Add(1, new KeyValuePair<string, object?>("source", "github"), new KeyValuePair<string, object?>("result", "bad-signature"));
            logger.Unauthorized(request.Method, request.Path, request.HttpContext.Connection.RemoteIpAddress?.ToString(), "missing or invalid " + GitHubSignatureHeader);
            return ApiResults.Error(StatusCodes.Status401Unauthorized, $"missing or invalid {GitHubSignatureHeader} signature");
        }

        string? eventName = request.Headers["X-GitHub-Event"];
        string? delivery = request.Headers["X-GitHub-Delivery"];
        if (string.IsNullOrEmpty(eventName) || string.IsNullOrEmpty(delivery))
        {
            return ApiResults.BadRequest("a GitHub delivery needs the X-GitHub-Event and X-GitHub-Delivery headers");
        }

        var (payload, error) = RequestBody.Parse(body);
        if (error is not null || payload is not { ValueKind: System.Text.Json.JsonValueKind.Object } json)
        {
            return ApiResults.BadRequest(error ?? "the body must be a JSON object");
        }

        if (eventName == "ping")
        {
            return Results.Ok(new { pong = true, delivery });
        }

        if (!deliveries.TryRecord(delivery))
        {
            logger.WebhookDuplicate(delivery);
            LoopTelemetry.WebhookDeliveries.Add(1, new KeyValuePair<string, object?>("source", "github"), new KeyValuePair<string, object?>("result", "duplicate"));
            return Results.Ok(new { delivery, duplicate = true });
        }

        try
        {
            var routing = GitHubEventRouter.Route(eventName, json, catalog.Current.Loops.Values);
            var report = await handler.HandleAsync(delivery, routing, ct).ConfigureAwait(false);
            logger.WebhookHandled(delivery, eventName, $"{report.Started.Count} started, {report.Raised.Count} raised, {report.Ignored.Count} ignored");
            LoopTelemetry.WebhookDeliveries.Add(1, new KeyValuePair<string, object?>("source", "github"), new KeyValuePair<string, object?>("result", "handled"));
            return Results.Json(report, statusCode: report.Started.Count > 0 ? StatusCodes.Status202Accepted : StatusCodes.Status200OK);
        }
        catch
        {
            // A failed delivery must be retryable: GitHub's redelivery would otherwise be dropped as a duplicate.
            deliveries.Forget(delivery);
            throw;
        }
    }

    private static async Task<IResult> GenericAsync(
        string name, HttpRequest request, LoopHostOptions options, DeliveryLog deliveries, LoopCatalogProvider catalog, LoopLauncher launcher, CancellationToken ct)
    {
        if (!options.WebhookSecrets.TryGetValue(name, out var secret))
        {
            return ApiResults.NotFound($"no webhook named '{name}' is configured (LoopFunctions:Webhooks:{name} holds its secret)");
        }

        var body = await RequestBody.ReadBytesAsync(request, ct).ConfigureAwait(false);
        if (!WebhookSignature.IsValid(secret, body, request.Headers[GenericSignatureHeader]))
        {
            return ApiResults.Error(StatusCodes.Status401Unauthorized, $"missing or invalid {GenericSignatureHeader} signature");
        }

        var (payload, error) = RequestBody.Parse(body);
        if (error is not null)
        {
            return ApiResults.BadRequest(error);
        }

        string? delivery = request.Headers["X-Delivery-Id"];
        if (!string.IsNullOrEmpty(delivery) && !deliveries.TryRecord($"{name}/{delivery}"))
        {
            return Results.Ok(new { delivery, duplicate = true });
        }

        var report = new WebhookReport(delivery ?? "");
        foreach (var loop in catalog.Current.Loops.Values.Where(l => l.Triggers.Any(t => t.Kind == "webhook" && string.Equals(t.WebhookName, name, StringComparison.OrdinalIgnoreCase))))
        {
            // With a delivery id the run id is deterministic and never reused, so a redelivery to another host does not run twice.
            var start = new LoopStart(
                "webhook:" + name,
                string.IsNullOrEmpty(delivery) ? null : $"{loop.Name}-hook-{delivery}",
                Input: payload?.GetRawText(),
                UntrustedContext: body.Length == 0 ? null : new Dictionary<string, string> { ["webhook body"] = Encoding.UTF8.GetString(body) },
                DedupeStatuses: Enum.GetValues<OrchestrationRuntimeStatus>());
            try
            {
                report.Started.Add(await launcher.StartAsync(loop, start, ct).ConfigureAwait(false));
            }
            catch (OrchestrationAlreadyExistsException)
            {
                report.Ignored.Add($"{loop.Name}: delivery {delivery} was already handled");
            }
            catch (ArgumentException ex)
            {
                return ApiResults.BadRequest("X-Delivery-Id: " + ex.Message);
            }
        }

        return Results.Json(report, statusCode: report.Started.Count > 0 ? StatusCodes.Status202Accepted : StatusCodes.Status200OK);
    }
}
