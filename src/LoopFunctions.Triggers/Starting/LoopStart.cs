using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Orchestration;
using Microsoft.DurableTask.Client;

namespace LoopFunctions.Triggers.Starting;

/// <summary>How one run of a loop is started.</summary>
/// <param name="TriggeredBy"><c>http</c>, <c>schedule</c>, <c>github:pull_request</c>...</param>
/// <param name="InstanceId">An explicit or deterministic id; null generates one.</param>
/// <param name="Repository">Overrides the loop's workspace.repository.</param>
/// <param name="Input">The starter's JSON input, kept for the report.</param>
/// <param name="UntrustedContext">Event text (titles, bodies, comments) passed to the agent as quoted data.</param>
/// <param name="PullRequest">The pull request number for the branch template's <c>{pr}</c>.</param>
/// <param name="DedupeStatuses">Statuses of an existing instance with the same id that make the start fail; default the live ones.</param>
/// <param name="GitHubRepository">The GitHub repository (<c>owner/name</c>) the event came from.</param>
public sealed record LoopStart(
    string TriggeredBy,
    string? InstanceId = null,
    string? Repository = null,
    string? Input = null,
    IReadOnlyDictionary<string, string>? UntrustedContext = null,
    string? PullRequest = null,
    IReadOnlyCollection<OrchestrationRuntimeStatus>? DedupeStatuses = null,
    string? GitHubRepository = null)
{
    /// <summary>A live run with the same id refuses the start; an ended one is replaced.</summary>
    public static IReadOnlyCollection<OrchestrationRuntimeStatus> LiveStatuses { get; } =
        [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended];

    /// <summary>Any run with the same id refuses the start, even an ended one: a schedule fire or a signed delivery runs once.</summary>
    public static IReadOnlyCollection<OrchestrationRuntimeStatus> AnyStatus { get; } = [.. StartOrchestrationOptionsExtensions.ValidDedupeStatuses];

    /// <summary>The orchestration's input exactly as a caller sent it through Durable Functions' start route (already
    /// checked to name this loop); null builds it from this start (<see cref="ToRunInput"/>).</summary>
    public System.Text.Json.JsonElement? StoredInput { get; init; }

    /// <summary>The orchestration's input: the loop's name, the caller's input as JSON and this start's facts; no
    /// host path (the run's first step finds the loop by name in the host's loop folder).</summary>
    public LoopRunInput ToRunInput(LoopDefinition loop)
    {
        ArgumentNullException.ThrowIfNull(loop);
        return new LoopRunInput(loop.Name, LoopRunInput.Json(Input), new LoopTrigger(TriggeredBy, PullRequest, GitHubRepository, UntrustedContext), Repository);
    }
}
