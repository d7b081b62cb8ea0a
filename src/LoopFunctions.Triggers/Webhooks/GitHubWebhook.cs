using System.Text.Json;
using LoopFunctions.Triggers.Catalog;
using LoopFunctions.Triggers.Http;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.Triggers.Webhooks;

/// <summary>The GitHub webhook (<c>POST /api/webhooks/github</c>) for any host: the signature is checked before
/// anything of the delivery is read, deliveries are deduplicated on <c>X-GitHub-Delivery</c>, and the event starts every
/// loop whose <c>on.github</c> trigger matches, with deterministic instance ids.</summary>
/// <remarks>Authenticated by the HMAC-SHA256 signature, never by a function key: GitHub cannot send one.</remarks>
public sealed class GitHubWebhook(TriggerOptions options, DeliveryLog deliveries, LoopFolder loops, GitHubDeliveryHandler handler, ILogger<GitHubWebhook> logger)
{
    public const string SignatureHeader = "X-Hub-Signature-256";
    public const string EventHeader = "X-GitHub-Event";
    public const string DeliveryHeader = "X-GitHub-Delivery";

    /// <summary>Handles one delivery. <paramref name="header"/> reads a request header by name (null when absent).</summary>
    public async Task<TriggerResponse> HandleAsync(ReadOnlyMemory<byte> body, Func<string, string?> header, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (string.IsNullOrEmpty(options.GitHubWebhookSecret))
        {
            return TriggerResponse.Error(403, "GitHub webhooks are off: set LoopFunctions:GitHub:WebhookSecret to the secret of the GitHub webhook");
        }

        if (!WebhookSignature.IsValid(options.GitHubWebhookSecret, body.Span, header(SignatureHeader)))
        {
            TriggerTelemetry.Delivery("github", "bad-signature");
            logger.WebhookRefused("github", "missing or invalid " + SignatureHeader);
            return TriggerResponse.Error(401, $"missing or invalid {SignatureHeader} signature");
        }

        var eventName = header(EventHeader);
        var delivery = header(DeliveryHeader);
        if (string.IsNullOrEmpty(eventName) || string.IsNullOrEmpty(delivery))
        {
            return TriggerResponse.BadRequest($"a GitHub delivery needs the {EventHeader} and {DeliveryHeader} headers");
        }

        var (payload, error) = RequestJson.Parse(body);
        if (error is not null || payload is not { ValueKind: JsonValueKind.Object } json)
        {
            return TriggerResponse.BadRequest(error ?? "the body must be a JSON object");
        }

        if (eventName == "ping")
        {
            return new TriggerResponse(200, new { pong = true, delivery });
        }

        if (!deliveries.TryRecord(delivery))
        {
            logger.WebhookDuplicate(delivery);
            TriggerTelemetry.Delivery("github", "duplicate");
            return new TriggerResponse(200, new { delivery, duplicate = true });
        }

        try
        {
            var routing = GitHubEventRouter.Route(eventName, json, loops.Current.Loops.Values);
            var report = await handler.HandleAsync(delivery, routing, ct).ConfigureAwait(false);
            logger.WebhookHandled(delivery, eventName, $"{report.Started.Count} started, {report.Raised.Count} raised, {report.Ignored.Count} ignored");
            TriggerTelemetry.Delivery("github", "handled");
            return new TriggerResponse(report.Started.Count > 0 ? 202 : 200, report);
        }
        catch
        {
            // A failed delivery must be retryable: GitHub's redelivery would otherwise be dropped as a duplicate.
            deliveries.Forget(delivery);
            throw;
        }
    }
}
