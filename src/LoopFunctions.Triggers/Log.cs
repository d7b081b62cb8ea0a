using Microsoft.Extensions.Logging;

namespace LoopFunctions.Triggers;

/// <summary>Every log line of the trigger logic, whichever host runs it. Event ids are stable (4000-4999,
/// docs/logging.md) so alerts can key on them.</summary>
internal static partial class Log
{
    [LoggerMessage(4000, LogLevel.Warning, "Loop file rejected: {Error}")]
    public static partial void LoopRejected(this ILogger logger, string error);

    [LoggerMessage(4001, LogLevel.Information, "Started loop {Loop} as {InstanceId} ({TriggeredBy})")]
    public static partial void LoopStarted(this ILogger logger, string loop, string instanceId, string triggeredBy);

    [LoggerMessage(4002, LogLevel.Warning, "Refused a {Source} webhook delivery: {Reason}")]
    public static partial void WebhookRefused(this ILogger logger, string source, string reason);

    [LoggerMessage(4003, LogLevel.Information, "GitHub delivery {Delivery} ({Event}): {Summary}")]
    public static partial void WebhookHandled(this ILogger logger, string delivery, string @event, string summary);

    [LoggerMessage(4004, LogLevel.Information, "Webhook delivery {Delivery} was already handled; ignored")]
    public static partial void WebhookDuplicate(this ILogger logger, string delivery);

    [LoggerMessage(4005, LogLevel.Information, "Schedule of loop {Loop} fired for {Occurrence:o}{PastDue} as {InstanceId}")]
    public static partial void ScheduleFired(this ILogger logger, string loop, DateTimeOffset occurrence, string pastDue, string instanceId);

    [LoggerMessage(4006, LogLevel.Debug, "Schedule of loop {Loop} for {Occurrence:o} already started by another host")]
    public static partial void ScheduleAlreadyStarted(this ILogger logger, string loop, DateTimeOffset occurrence);

    [LoggerMessage(4007, LogLevel.Information, "Raised {Event} on {InstanceId} ({Reason})")]
    public static partial void EventRaised(this ILogger logger, string @event, string instanceId, string reason);

    [LoggerMessage(4008, LogLevel.Information, "Schedule of loop {Loop}: missed fires skipped ({Reason})")]
    public static partial void ScheduleCatchUpSkipped(this ILogger logger, string loop, string reason);
}
