using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using LoopFunctions.Loops.Agents;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Activities;

/// <summary>One agent step: reset the tree to the iteration's head commit, run the agent, report what it spent.</summary>
/// <remarks>The reset makes the step repeatable: after a crash the retried step starts from exactly the same tree.</remarks>
public sealed class RunAgentActivity(IHostApplicationLifetime lifetime, AgentFactory agents) : LoopActivity<AgentStepInput, AgentStepResult>(lifetime)
{
    protected override async Task<AgentStepResult> ExecuteAsync(TaskActivityContext context, AgentStepInput input, CancellationToken cancellationToken)
    {
        await GitWorkspace.ResetToAsync(input.Workspace.Path, input.Head, cancellationToken).ConfigureAwait(false);
        var agent = agents.Create(input.Agent);
        var request = new AgentRequest(
            input.Workspace.Path,
            input.Goal,
            input.Feedback,
            input.Iteration,
            input.UntrustedContext ?? new Dictionary<string, string>(),
            input.Agent.MaxOutputTokens,
            input.Agent.Timeout,
            input.Agent.AllowedCommands,
            input.Agent.MaxToolCalls);
        var result = await agent.RunAsync(request, cancellationToken).ConfigureAwait(false);
        var cost = result.CostUsd ?? input.Agent.Cost(result.Usage.InputTokens, result.Usage.OutputTokens);
        var spend = new TokenSpend(result.Usage.InputTokens, result.Usage.OutputTokens, cost);
        return new AgentStepResult(result.Succeeded, result.Summary, spend, result.ToolCalls, result.Error);
    }
}
