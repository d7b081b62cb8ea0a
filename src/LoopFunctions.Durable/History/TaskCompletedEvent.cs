namespace LoopFunctions.Durable.History;

/// <summary>An activity returned; <paramref name="TaskScheduledId"/> is the id of its <see cref="TaskScheduledEvent"/>.</summary>
public sealed record TaskCompletedEvent(DateTime Timestamp, int TaskScheduledId, string? Result) : HistoryEvent(-1, Timestamp);
