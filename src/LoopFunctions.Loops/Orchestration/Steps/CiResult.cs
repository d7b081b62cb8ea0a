namespace LoopFunctions.Loops.Orchestration.Steps;

/// <summary>The payload of the <c>ci</c> event: what CI said about the pushed loop branch, e.g. from a GitHub
/// <c>check_suite</c> webhook: <c>{ "passed": false, "summary": "build failed", "url": "..." }</c>.</summary>
public sealed record CiResult(bool Passed, string? Summary = null, string? Url = null);
