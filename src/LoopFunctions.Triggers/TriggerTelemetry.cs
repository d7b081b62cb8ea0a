using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LoopFunctions.Triggers;

/// <summary>Traces and metrics of loop starts, webhooks and schedules. A host exports them by adding
/// <see cref="Name"/> as a source and a meter to its OpenTelemetry setup.</summary>
public static class TriggerTelemetry
{
    public const string Name = "LoopFunctions.Triggers";

    internal static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Loop runs started, by loop and trigger.</summary>
    internal static readonly Counter<long> LoopsStarted = Meter.CreateCounter<long>("loopfunctions.loops.started", description: "Loop runs started");

    /// <summary>Webhook deliveries, by source and result.</summary>
    internal static readonly Counter<long> WebhookDeliveries = Meter.CreateCounter<long>("loopfunctions.webhooks.deliveries", description: "Webhook deliveries received");

    /// <summary>Schedule fires, by loop.</summary>
    internal static readonly Counter<long> ScheduleFires = Meter.CreateCounter<long>("loopfunctions.schedules.fires", description: "Schedule fires that started a run");

    internal static void Delivery(string source, string result) =>
        WebhookDeliveries.Add(1, new KeyValuePair<string, object?>("source", source), new KeyValuePair<string, object?>("result", result));
}
