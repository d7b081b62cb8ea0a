using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Core = DurableTask.Core;

namespace LoopFunctions.DurableTask.Client;

/// <summary>Maps between DTFx's and the SDK's statuses and failure details.</summary>
internal static class StatusConversions
{
    /// <summary>Statuses of an instance that has not finished; a start with the same id is always refused for these.</summary>
    public static readonly Core.OrchestrationStatus[] Live =
    [
        Core.OrchestrationStatus.Pending, Core.OrchestrationStatus.Running, Core.OrchestrationStatus.Suspended, Core.OrchestrationStatus.ContinuedAsNew,
    ];

    /// <summary>Statuses of a finished instance.</summary>
    public static readonly Core.OrchestrationStatus[] Terminal =
    [
        Core.OrchestrationStatus.Completed, Core.OrchestrationStatus.Failed, Core.OrchestrationStatus.Terminated, Core.OrchestrationStatus.Canceled,
    ];

    public static bool IsTerminal(this Core.OrchestrationStatus status) => Array.IndexOf(Terminal, status) >= 0;

#pragma warning disable CS0618 // Canceled is obsolete in the SDK but still a DTFx status; map it both ways.
    public static OrchestrationRuntimeStatus FromCore(this Core.OrchestrationStatus status) => status switch
    {
        Core.OrchestrationStatus.Running => OrchestrationRuntimeStatus.Running,
        Core.OrchestrationStatus.Completed => OrchestrationRuntimeStatus.Completed,
        Core.OrchestrationStatus.ContinuedAsNew => OrchestrationRuntimeStatus.ContinuedAsNew,
        Core.OrchestrationStatus.Failed => OrchestrationRuntimeStatus.Failed,
        Core.OrchestrationStatus.Canceled => OrchestrationRuntimeStatus.Canceled,
        Core.OrchestrationStatus.Terminated => OrchestrationRuntimeStatus.Terminated,
        Core.OrchestrationStatus.Pending => OrchestrationRuntimeStatus.Pending,
        Core.OrchestrationStatus.Suspended => OrchestrationRuntimeStatus.Suspended,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown DTFx orchestration status."),
    };

    public static Core.OrchestrationStatus ToCore(this OrchestrationRuntimeStatus status) => status switch
    {
        OrchestrationRuntimeStatus.Running => Core.OrchestrationStatus.Running,
        OrchestrationRuntimeStatus.Completed => Core.OrchestrationStatus.Completed,
        OrchestrationRuntimeStatus.ContinuedAsNew => Core.OrchestrationStatus.ContinuedAsNew,
        OrchestrationRuntimeStatus.Failed => Core.OrchestrationStatus.Failed,
        OrchestrationRuntimeStatus.Canceled => Core.OrchestrationStatus.Canceled,
        OrchestrationRuntimeStatus.Terminated => Core.OrchestrationStatus.Terminated,
        OrchestrationRuntimeStatus.Pending => Core.OrchestrationStatus.Pending,
        OrchestrationRuntimeStatus.Suspended => Core.OrchestrationStatus.Suspended,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown orchestration runtime status."),
    };
#pragma warning restore CS0618

    /// <summary>A dedupe status as <see cref="StartOrchestrationOptions.DedupeStatuses"/> spells it (the status name).</summary>
    public static Core.OrchestrationStatus ParseDedupe(string status) =>
        Enum.TryParse<OrchestrationRuntimeStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed.ToCore()
            : throw new ArgumentException($"'{status}' is not an orchestration runtime status (dedupe statuses are status names such as Completed).", nameof(status));

    public static TaskFailureDetails? FromCore(this Core.FailureDetails? details) => details is null
        ? null
        : new TaskFailureDetails(details.ErrorType, details.ErrorMessage, details.StackTrace, details.InnerFailure.FromCore(), details.Properties);

    public static DateTimeOffset ToUtcOffset(this DateTime time) => time == default
        ? default
        : new DateTimeOffset(time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
