namespace LoopFunctions.Durable.History;

/// <summary>A client resumed a suspended instance; events buffered while suspended are delivered in order.</summary>
public sealed record ExecutionResumedEvent(DateTime Timestamp, string? Reason) : HistoryEvent(-1, Timestamp);
