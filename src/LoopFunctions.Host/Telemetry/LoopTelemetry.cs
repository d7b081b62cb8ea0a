using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LoopFunctions.Host.Telemetry;

/// <summary>The host's traces and metrics, exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.</summary>
internal static class LoopTelemetry
{
    public const string Name = "LoopFunctions.Host";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Loop runs started, by loop and trigger.</summary>
    public static readonly Counter<long> LoopsStarted = Meter.CreateCounter<long>("loopfunctions.loops.started", description: "Loop runs started");

    /// <summary>Webhook deliveries, by source and result.</summary>
    public static readonly Counter<long> WebhookDeliveries = Meter.CreateCounter<long>("loopfunctions.webhooks.deliveries", description: "Webhook deliveries received");

    /// <summary>Schedule fires, by loop.</summary>
    public static readonly Counter<long> ScheduleFires = Meter.CreateCounter<long>("loopfunctions.schedules.fires", description: "Schedule fires that started a run");
}
