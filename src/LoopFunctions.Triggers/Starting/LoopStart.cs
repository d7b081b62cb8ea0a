using LoopFunctions.Durable;

namespace LoopFunctions.Host.Starters;

/// <summary>How one run of a loop is started.</summary>
/// <param name="TriggeredBy"><c>http</c>, <c>schedule</c>, <c>github:pull_request</c>...</param>
/// <param name="InstanceId">An explicit or deterministic id; null generates one.</param>
/// <param name="Repository">Overrides the loop's workspace.repository.</param>
/// <param name="Input">The starter's JSON input, kept for the report.</param>
/// <param name="UntrustedContext">Event text (titles, bodies, comments) passed to the agent as quoted data.</param>
/// <param name="PullRequest">The pull request number for the branch template's <c>{pr}</c>.</param>
/// <param name="DedupeStatuses">Statuses of an existing instance with the same id that make the start fail; default the live ones.</param>
internal sealed record LoopStart(
    string TriggeredBy,
    string? InstanceId = null,
    string? Repository = null,
    string? Input = null,
    IReadOnlyDictionary<string, string>? UntrustedContext = null,
    string? PullRequest = null,
    IReadOnlyCollection<OrchestrationRuntimeStatus>? DedupeStatuses = null);
