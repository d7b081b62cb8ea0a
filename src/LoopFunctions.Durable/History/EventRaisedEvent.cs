namespace LoopFunctions.Durable.History;

/// <summary>An external event arrived. It is buffered until the code waits for an event of that name.</summary>
public sealed record EventRaisedEvent(DateTime Timestamp, string Name, string? Input) : HistoryEvent(-1, Timestamp);
