namespace LoopFunctions.Loops.Orchestration;

/// <summary>A loop run's start resolved on the host: which loop file, and what started it; the planner's input
/// (<see cref="LoopRunInput.ToRequest"/>). Runs recorded before <see cref="LoopRunInput"/> stored this record as
/// their input; <see cref="LoopRunInput"/> still reads that shape.</summary>
/// <param name="LoopName">The loop's name (its file name without <c>.md</c> unless the file names it).</param>
/// <param name="LoopFile">The loop file, as an absolute path on the host, read once at the start of the run.</param>
/// <param name="Repository">Overrides the loop file's <c>workspace.repository</c> (e.g. <c>loopfn run --repo</c>).</param>
/// <param name="TriggeredBy">What started the run: <c>manual</c>, <c>schedule</c>, <c>github:pull_request</c>...</param>
/// <param name="UntrustedContext">Text from events (issue bodies, PR titles, comments). It reaches the agent only
/// as quoted data, never as instructions and never inside a command line.</param>
/// <param name="Input">The starter's JSON input, kept for the report.</param>
/// <param name="PullRequest">The pull request number when a pull request event started the run; fills <c>{pr}</c> in the branch template.</param>
/// <param name="GitHubRepository">The GitHub repository (<c>owner/name</c>) the event came from: the pull request's
/// base repository for a <c>workspace.branch: head</c> loop.</param>
public sealed record LoopRunRequest(
    string LoopName,
    string LoopFile,
    string? Repository = null,
    string TriggeredBy = TriggerSource.Manual,
    IReadOnlyDictionary<string, string>? UntrustedContext = null,
    string? Input = null,
    string? PullRequest = null,
    string? GitHubRepository = null)
{
    /// <summary>A readable, sortable id for a run that was given none: <c>{loop}-{yyyyMMdd-HHmmss}-{4 hex}</c>, used by
    /// <c>loopfn run</c> and the HTTP starter alike.</summary>
    public static string NewInstanceId(string loop, DateTimeOffset now) =>
        $"{loop}-{now.UtcDateTime:yyyyMMdd-HHmmss}-{Random.Shared.Next(0x1000, 0x10000):x4}";

    /// <summary>The longest instance id a loop run accepts (Durable Functions' limit).</summary>
    public const int MaxInstanceIdLength = 256;

    /// <summary>Null when <paramref name="instanceId"/> can name a run; else what is wrong with it. Ids map one to one
    /// to workspaces and branches, so only what no store or file system can hold is refused: empty or blank ids,
    /// longer than <see cref="MaxInstanceIdLength"/>, control characters, and / \ # ? (path and URL separators).</summary>
    public static string? InstanceIdProblem(string? instanceId) => instanceId switch
    {
        null or "" => "an instance id cannot be empty",
        _ when string.IsNullOrWhiteSpace(instanceId) => "an instance id cannot be blank",
        { Length: > MaxInstanceIdLength } => $"an instance id has at most {MaxInstanceIdLength} characters, not {instanceId.Length:N0}",
        _ when instanceId.Any(char.IsControl) => "an instance id cannot hold control characters (line breaks, tabs)",
        _ when instanceId.Any(c => c is '/' or '\\' or '#' or '?') => $"an instance id cannot hold / \\ # or ?, as '{instanceId}' does",
        _ => null,
    };
}
