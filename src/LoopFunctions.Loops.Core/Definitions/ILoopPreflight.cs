namespace LoopFunctions.Loops.Definitions;

/// <summary>What a run needs from this machine, checked before its orchestration is scheduled (the agent's key and
/// program, the sandbox, the repository and its base branch, the settings of its outputs).</summary>
/// <remarks>An interface so the triggers, which know loops only through the core, can ask a host that runs the steps.
/// Both hosts give one (<c>RunnerPreflight</c>, on <c>loopfn serve</c> and the Azure Functions app, which runs the
/// steps from the same deployment); a starter built without one starts runs unchecked.</remarks>
public interface ILoopPreflight
{
    /// <summary>Every problem that would stop a run of <paramref name="loop"/>, each a sentence that names its fix;
    /// empty when none is known.</summary>
    /// <param name="loop">The loop.</param>
    /// <param name="repository">The repository the run is started with, or null for the loop's own.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    Task<IReadOnlyList<string>> ProblemsAsync(LoopDefinition loop, string? repository, CancellationToken cancellationToken = default);
}
