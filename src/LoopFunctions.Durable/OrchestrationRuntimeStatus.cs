namespace LoopFunctions.Durable;

/// <summary>The runtime status of an orchestration instance, with the names Durable Functions uses.</summary>
public enum OrchestrationRuntimeStatus
{
    /// <summary>Scheduled (possibly for a later start time) but not yet picked up by a worker.</summary>
    Pending = 0,

    /// <summary>Started and not finished.</summary>
    Running = 1,

    /// <summary>The orchestrator returned.</summary>
    Completed = 2,

    /// <summary>The orchestrator ended with <c>ContinueAsNew</c> and its next execution has not started yet.</summary>
    ContinuedAsNew = 3,

    /// <summary>The orchestrator threw or could not run; see <see cref="OrchestrationMetadata.FailureDetails"/>.</summary>
    Failed = 4,

    /// <summary>A client terminated the instance.</summary>
    Terminated = 5,

    /// <summary>A client suspended the instance; events are buffered until it is resumed.</summary>
    Suspended = 6,
}
