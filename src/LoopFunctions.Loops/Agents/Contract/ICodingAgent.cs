using LoopFunctions.Loops.Agents;

namespace LoopFunctions.Loops.Agents.Contract;

/// <summary>
/// One agent step of a loop iteration: given the workspace and the goal, change files in the workspace and report what
/// was done and what it cost. Implementations never push, commit or touch anything outside the workspace; the loop's
/// guard and verification steps judge the result.
/// </summary>
public interface ICodingAgent
{
    /// <summary>Runs the agent once. Agent-side failures (non-zero exit, timeout) come back as
    /// <see cref="AgentResult.Succeeded"/> = false; protocol failures (a malformed model reply, an endpoint that keeps
    /// failing) throw <see cref="AgentException"/>.</summary>
    Task<AgentResult> RunAsync(AgentRequest request, CancellationToken cancellationToken);
}
