namespace LoopFunctions.Durable.Storage;

/// <summary>The outcome of <see cref="IWorkHandoff.CompleteActivityAsync"/>.</summary>
/// <param name="Completed">False when the activity's lock was lost and nothing was written.</param>
/// <param name="Next">The target instance, locked for this worker, or null.</param>
public sealed record ActivityHandoff(bool Completed, OrchestrationWorkItem? Next);
