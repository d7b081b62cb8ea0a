namespace LoopFunctions.Triggers.Webhooks;

/// <summary>What a delivery did, as the webhook answers it (and GitHub shows it under "Recent deliveries").</summary>
public sealed record WebhookReport(string Delivery, List<string> Started, List<string> Raised, List<string> Ignored)
{
    public WebhookReport(string delivery)
        : this(delivery, [], [], [])
    {
    }
}
