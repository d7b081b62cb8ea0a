namespace LoopFunctions.Loops.Orchestration.Steps;

/// <summary>The payload of the <c>ci</c> event: what CI said about the pushed loop branch, e.g. from a GitHub
/// <c>check_suite</c> webhook: <c>{ "passed": false, "summary": "build failed", "url": "...", "sha": "..." }</c>.</summary>
/// <param name="Passed">Whether CI passed.</param>
/// <param name="Summary">One line.</param>
/// <param name="Url">CI's page.</param>
/// <param name="Sha">The commit CI ran on, when known: a result for another commit than the one the loop waits for
/// (a late result of an earlier push) is ignored.</param>
public sealed record CiResult(bool Passed, string? Summary = null, string? Url = null, string? Sha = null);
