namespace LoopFunctions.Triggers.Webhooks;

/// <summary>A finished CI run for a branch (<c>check_suite</c> or <c>workflow_run</c> completed).</summary>
/// <param name="Branch">The branch CI ran on.</param>
/// <param name="Passed">Its conclusion was success.</param>
/// <param name="Summary">One line: the suite or workflow and its conclusion.</param>
/// <param name="Url">CI's page.</param>
/// <param name="Sha">The commit CI ran on.</param>
public sealed record GitHubCiResult(string Branch, bool Passed, string Summary, string? Url, string? Sha = null);
