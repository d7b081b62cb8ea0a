namespace LoopFunctions.Loops.Plans;

/// <summary>One attempt of <c>agent.attempts</c>: the agent an iteration's attempt runs, as a partial spec overlaid on
/// the loop's agent.</summary>
/// <remarks>Stored in orchestration histories (inside the plan): a property added later must have a default.</remarks>
/// <param name="Agent">The attempt's own agent, resolved when the file is read (<c>kind</c> and <c>model</c> of the list
/// form, over everything else <c>agent:</c> says) and priced when the run is planned; null runs the loop's agent as it
/// is when the iteration starts (the count form, and list entries that only add a prompt).</param>
/// <param name="PromptHint">The list form's <c>prompt</c>: what this attempt's agent is told after the goal, so
/// attempts on one model can still try different things; null for none.</param>
public sealed record AttemptPlan(AgentPlan? Agent = null, string? PromptHint = null)
{
    /// <summary>The agent this attempt runs when the run's agent is <paramref name="current"/> (on the model its
    /// ladder is at): the attempt's own agent with the loop's allowed commands, else <paramref name="current"/>; with
    /// the attempt's prompt hint.</summary>
    public AgentPlan Resolve(AgentPlan current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var agent = Agent is { } own ? own with { AllowedCommands = current.AllowedCommands } : current;
        return agent with { PromptHint = PromptHint, Attempts = [] };
    }
}
