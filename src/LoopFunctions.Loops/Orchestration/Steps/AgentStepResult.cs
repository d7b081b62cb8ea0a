namespace LoopFunctions.Loops.Orchestration.Steps;

/// <summary>What an agent step did and what it cost.</summary>
public sealed record AgentStepResult(bool Succeeded, string Summary, TokenSpend Spend, int ToolCalls, string? Error = null);
