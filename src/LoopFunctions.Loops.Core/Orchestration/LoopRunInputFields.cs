using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoopFunctions.Loops.Orchestration;

/// <summary>The JSON members of <see cref="LoopRunInput"/> (today's and the earlier shape's), as
/// <see cref="LoopRunInputConverter"/> reads and writes them.</summary>
internal sealed record LoopRunInputFields
{
    [JsonPropertyName("loop"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Loop { get; init; }

    [JsonPropertyName("input"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Input { get; init; }

    [JsonPropertyName("repository"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Repository { get; init; }

    [JsonPropertyName("trigger"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LoopTrigger? Trigger { get; init; }

    [JsonPropertyName("loopName"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LoopName { get; init; }

    [JsonPropertyName("loopFile"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LoopFile { get; init; }

    [JsonPropertyName("triggeredBy"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TriggeredBy { get; init; }

    [JsonPropertyName("untrustedContext"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? UntrustedContext { get; init; }

    [JsonPropertyName("pullRequest"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PullRequest { get; init; }

    [JsonPropertyName("gitHubRepository"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? GitHubRepository { get; init; }

    public static LoopRunInputFields From(LoopRunInput input) => new()
    {
        Loop = input.Loop,
        Input = input.Input,
        Repository = input.Repository,
        Trigger = input.Trigger,
        LoopName = input.LegacyLoopName,
        LoopFile = input.LegacyLoopFile,
        TriggeredBy = input.LegacyTriggeredBy,
        UntrustedContext = input.LegacyUntrustedContext,
        PullRequest = input.LegacyPullRequest,
        GitHubRepository = input.LegacyGitHubRepository,
    };

    public LoopRunInput ToInput(string readFrom) => new()
    {
        Loop = Loop,
        Input = Input is { ValueKind: JsonValueKind.Null } ? null : Input,
        Repository = Repository,
        Trigger = Trigger,
        LegacyLoopName = LoopName,
        LegacyLoopFile = LoopFile,
        LegacyTriggeredBy = TriggeredBy,
        LegacyUntrustedContext = UntrustedContext,
        LegacyPullRequest = PullRequest,
        LegacyGitHubRepository = GitHubRepository,
        ReadFrom = readFrom,
    };
}
