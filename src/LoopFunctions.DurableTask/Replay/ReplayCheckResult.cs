using Microsoft.DurableTask.Client;

namespace LoopFunctions.DurableTask.Replay;

/// <summary>The outcome of replaying one recorded history against the orchestrator registered under its name.</summary>
/// <param name="InstanceId">The recorded instance.</param>
/// <param name="OrchestratorName">The orchestrator the history belongs to.</param>
/// <param name="EventCount">The events replayed.</param>
/// <param name="Mismatch">The first disagreement, or <see langword="null"/> when the code replays the history exactly.</param>
/// <param name="ReplayedStatus">Where the code stands after the replay: Running while it waits, else how it finished.</param>
public sealed record ReplayCheckResult(string InstanceId, string OrchestratorName, int EventCount, ReplayMismatch? Mismatch, OrchestrationRuntimeStatus ReplayedStatus)
{
    /// <summary>Whether the code replays the history without a mismatch: safe to deploy for instances in flight.</summary>
    public bool IsDeterministic => Mismatch is null;
}
