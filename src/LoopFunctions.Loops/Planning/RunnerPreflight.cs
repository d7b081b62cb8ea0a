using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Definitions;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Loops.Planning;

/// <summary><see cref="LoopPreflight"/> with the runner's settings of this host.</summary>
public sealed class RunnerPreflight(IOptions<LoopRunnerOptions> runner) : ILoopPreflight
{
    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ProblemsAsync(LoopDefinition loop, string? repository, CancellationToken cancellationToken = default) =>
        LoopPreflight.ProblemsAsync(loop, repository, runner.Value, cancellationToken);
}
