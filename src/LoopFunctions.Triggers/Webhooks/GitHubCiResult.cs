namespace LoopFunctions.Triggers.Webhooks;

/// <summary>A finished CI run for a branch (<c>check_suite</c> or <c>workflow_run</c> completed).</summary>
public sealed record GitHubCiResult(string Branch, bool Passed, string Summary, string? Url);
