using LoopFunctions.Host.Starters;
using LoopFunctions.Loops.Definitions;

namespace LoopFunctions.Host.Webhooks;

/// <summary>What one GitHub delivery means for the loops: runs to start, and a CI result for loops waiting on a branch.</summary>
internal sealed record GitHubRouting(IReadOnlyList<GitHubMatch> Matches, IReadOnlyList<string> Ignored, GitHubCiResult? Ci);

/// <summary>A loop whose trigger matched, with its deterministic instance id.</summary>
/// <param name="IsPushToPullRequest">A new push to a pull request: the live loop gets an event or is restarted (the
/// loop's <c>on_push</c>) instead of a second run starting.</param>
internal sealed record GitHubMatch(LoopDefinition Loop, string InstanceId, LoopStart Start, bool IsPushToPullRequest, string? HeadSha);

/// <summary>A finished CI run for a branch (<c>check_suite</c> or <c>workflow_run</c> completed).</summary>
internal sealed record GitHubCiResult(string Branch, bool Passed, string Summary, string? Url);
