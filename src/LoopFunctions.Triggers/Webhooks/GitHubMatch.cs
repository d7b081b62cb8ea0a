using LoopFunctions.Loops.Definitions;
using LoopFunctions.Triggers.Starting;

namespace LoopFunctions.Triggers.Webhooks;

/// <summary>A loop whose trigger matched, with its deterministic instance id.</summary>
/// <param name="IsPushToPullRequest">A new push to a pull request: the live loop gets an event or is restarted (the
/// loop's <c>on_push</c>) instead of a second run starting.</param>
public sealed record GitHubMatch(LoopDefinition Loop, string InstanceId, LoopStart Start, bool IsPushToPullRequest, string? HeadSha);
