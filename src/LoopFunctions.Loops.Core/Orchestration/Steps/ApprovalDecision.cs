namespace LoopFunctions.Loops.Orchestration.Steps;

/// <summary>The payload of the <c>approval</c> event: <c>{ "approved": true, "comment": "ship it", "by": "ana" }</c>.</summary>
public sealed record ApprovalDecision(bool Approved, string? Comment = null, string? By = null);
