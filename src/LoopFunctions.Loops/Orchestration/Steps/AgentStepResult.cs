namespace LoopFunctions.Loops.Orchestration.Steps;

/// <summary>What an agent step did and what it cost.</summary>
/// <remarks>Stored in orchestration histories: a property added later has a default, so older histories replay.</remarks>
public sealed record AgentStepResult(bool Succeeded, string Summary, TokenSpend Spend, int ToolCalls, string? Error = null)
{
    /// <summary>The destinations (<c>host:port</c>) the agent tried to reach and <c>agent.network</c> refused.</summary>
    public IReadOnlyList<string> DeniedConnections { get; init; } = [];
}
