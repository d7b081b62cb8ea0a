using System.Text.Json.Serialization;

namespace LoopFunctions.Loops.Orchestration;

/// <summary>The facts of what started a loop run, as its stored input (<see cref="LoopRunInput.Trigger"/>) shows them.</summary>
/// <param name="Kind">What started the run: <c>http</c>, <c>manual</c>, <c>schedule</c>, <c>github:pull_request</c>... Open text, composed by <see cref="TriggerSource"/> (which says why it is no enum).</param>
/// <param name="PullRequest">The pull request number when a pull request event started the run; fills <c>{pr}</c> in
/// the branch template.</param>
/// <param name="GitHubRepository">The GitHub repository (<c>owner/name</c>) the event came from: the pull request's
/// base repository for a <c>workspace.branch: head</c> loop.</param>
/// <param name="UntrustedContext">Text from events (issue bodies, PR titles, comments). It reaches the agent only as
/// quoted data, never as instructions and never inside a command line.</param>
public sealed record LoopTrigger(
    string Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PullRequest = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? GitHubRepository = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? UntrustedContext = null);
