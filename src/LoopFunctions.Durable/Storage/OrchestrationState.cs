namespace LoopFunctions.Durable.Storage;

/// <summary>The instance row an episode leaves behind.</summary>
/// <param name="RuntimeStatus">The status after the episode.</param>
/// <param name="Output">The serialized output (or termination reason) once terminal.</param>
/// <param name="CustomStatus">The serialized custom status, kept after completion.</param>
/// <param name="FailureDetails">Why the instance failed, when it did.</param>
/// <param name="LastUpdatedAt">The episode's time.</param>
public sealed record OrchestrationState(
    OrchestrationRuntimeStatus RuntimeStatus,
    string? Output,
    string? CustomStatus,
    FailureDetails? FailureDetails,
    DateTime LastUpdatedAt)
{
    /// <summary>The orchestrator name; null leaves the stored name unchanged.</summary>
    public string? Name { get; init; }

    /// <summary>The new input when <see cref="UpdateInput"/> is set (continue-as-new).</summary>
    public string? Input { get; init; }

    public bool UpdateInput { get; init; }
}
