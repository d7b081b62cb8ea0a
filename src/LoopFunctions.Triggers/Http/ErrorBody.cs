namespace LoopFunctions.Triggers.Http;

/// <summary>Error answers in one shape, <c>{"error": "..."}</c>, so scripts can show the reason.</summary>
public sealed record ErrorBody(string Error);
