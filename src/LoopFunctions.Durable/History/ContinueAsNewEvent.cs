namespace LoopFunctions.Durable.History;

/// <summary>The execution ended by restarting itself with a new input and an empty history.</summary>
public sealed record ContinueAsNewEvent(DateTime Timestamp, string? Input) : HistoryEvent(-1, Timestamp);
