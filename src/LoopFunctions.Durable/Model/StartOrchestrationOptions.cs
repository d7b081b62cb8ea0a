namespace LoopFunctions.Durable;

/// <summary>Options for <see cref="Client.DurableTaskClient.ScheduleNewOrchestrationInstanceAsync"/>.</summary>
/// <param name="InstanceId">An explicit id; default a new GUID (32 hex digits). Starting an id whose instance is
/// live fails with <see cref="OrchestrationAlreadyExistsException"/>; a terminal one is replaced.</param>
/// <param name="StartAt">Start no earlier than this time (UTC); default now.</param>
/// <param name="DedupeStatuses">An existing instance with one of these statuses makes the start fail with
/// <see cref="OrchestrationAlreadyExistsException"/>; default the live statuses (Pending, Running, Suspended). Give every
/// status to start an id at most once ever, as scheduled triggers do so that two hosts never run one fire twice.</param>
public sealed record StartOrchestrationOptions(string? InstanceId = null, DateTimeOffset? StartAt = null, IReadOnlyCollection<OrchestrationRuntimeStatus>? DedupeStatuses = null);
