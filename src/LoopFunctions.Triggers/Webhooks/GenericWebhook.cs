using System.Text;
using DurableTask.Core.Exceptions;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Triggers.Catalog;
using LoopFunctions.Triggers.Http;
using LoopFunctions.Triggers.Starting;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.Triggers.Webhooks;

/// <summary>The generic signed webhook (<c>POST /api/webhooks/generic/{name}</c>) for any host: HMAC-SHA256 of the body
/// in <c>X-LoopFunctions-Signature-256</c> with the secret <c>LoopFunctions:Webhooks:{name}</c>; it starts every loop
/// whose <c>on.webhook.name</c> is that name.</summary>
/// <remarks>With an <c>X-Delivery-Id</c> the run id is <c>{loop}-hook-{delivery}</c> and any earlier run with it refuses
/// the start, so a redelivery never runs twice, on this host or another one on the same task hub.</remarks>
public sealed class GenericWebhook(TriggerOptions options, DeliveryLog deliveries, LoopFolder loops, LoopLauncher launcher, ILogger<GenericWebhook> logger)
{
    public const string SignatureHeader = "X-LoopFunctions-Signature-256";
    public const string DeliveryHeader = "X-Delivery-Id";

    /// <summary>Handles one delivery to the webhook <paramref name="name"/>. <paramref name="header"/> reads a request
    /// header by name (null when absent).</summary>
    public async Task<TriggerResponse> HandleAsync(string name, ReadOnlyMemory<byte> body, Func<string, string?> header, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(header);
        if (!options.WebhookSecrets.TryGetValue(name, out var secret))
        {
            return TriggerResponse.NotFound($"no webhook named '{name}' is configured (LoopFunctions:Webhooks:{name} holds its secret)");
        }

        if (!WebhookSignature.IsValid(secret, body.Span, header(SignatureHeader)))
        {
            TriggerTelemetry.Delivery("generic", "bad-signature");
            logger.WebhookRefused("generic:" + name, "missing or invalid " + SignatureHeader);
            return TriggerResponse.Error(401, $"missing or invalid {SignatureHeader} signature");
        }

        var (payload, error) = RequestJson.Parse(body);
        if (error is not null)
        {
            return TriggerResponse.BadRequest(error);
        }

        var delivery = header(DeliveryHeader);
        if (!string.IsNullOrEmpty(delivery) && !deliveries.TryRecord($"{name}/{delivery}"))
        {
            logger.WebhookDuplicate(delivery);
            TriggerTelemetry.Delivery("generic", "duplicate");
            return new TriggerResponse(200, new { delivery, duplicate = true });
        }

        var report = new WebhookReport(delivery ?? "");
        try
        {
            return await StartAllAsync(name, body, payload?.GetRawText(), delivery, report, ct).ConfigureAwait(false);
        }
        catch
        {
            // A failed delivery must be retryable: the sender's redelivery would otherwise be dropped as a duplicate.
            if (!string.IsNullOrEmpty(delivery))
            {
                deliveries.Forget($"{name}/{delivery}");
            }

            throw;
        }
    }

    private async Task<TriggerResponse> StartAllAsync(string name, ReadOnlyMemory<byte> body, string? input, string? delivery, WebhookReport report, CancellationToken ct)
    {
        foreach (var loop in loops.Current.Loops.Values.Where(l => l.Triggers.Any(t => t.Kind == TriggerKind.Webhook && string.Equals(t.WebhookName, name, StringComparison.OrdinalIgnoreCase))))
        {
            var start = new LoopStart(
                TriggerSource.Webhook(name),
                string.IsNullOrEmpty(delivery) ? null : $"{loop.Name}-hook-{delivery}",
                Input: input,
                UntrustedContext: body.Length == 0 ? null : new Dictionary<string, string> { ["webhook body"] = Encoding.UTF8.GetString(body.Span) },
                DedupeStatuses: LoopStart.AnyStatus);
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
                if (!string.IsNullOrEmpty(delivery))
                {
                    deliveries.Forget($"{name}/{delivery}");
                }

                return TriggerResponse.BadRequest(DeliveryHeader + ": " + ex.Message);
            }
        }

        TriggerTelemetry.Delivery("generic", "handled");
        return new TriggerResponse(report.Started.Count > 0 ? 202 : 200, report);
    }
}
