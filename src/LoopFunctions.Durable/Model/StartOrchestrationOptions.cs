namespace LoopFunctions.Durable;

/// <summary>Options for <see cref="Client.DurableTaskClient.ScheduleNewOrchestrationInstanceAsync"/>.</summary>
/// <param name="InstanceId">An explicit id; default a new GUID (32 hex digits). Starting an id whose instance is
/// live fails with <see cref="OrchestrationAlreadyExistsException"/>; a terminal one is replaced.</param>
/// <param name="StartAt">Start no earlier than this time (UTC); default now.</param>
public sealed record StartOrchestrationOptions(string? InstanceId = null, DateTimeOffset? StartAt = null);
