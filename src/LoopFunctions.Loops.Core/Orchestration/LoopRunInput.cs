using System.Text.Json;
using System.Text.Json.Serialization;
using LoopFunctions.Loops.Definitions;

namespace LoopFunctions.Loops.Orchestration;

/// <summary>
/// The input a loop run stores: what Durable Functions tools (the status API, DfMon, the portal, <c>IDurableClient</c>)
/// show as the orchestration's input, and the body of a start through Durable Functions' own route
/// (<c>POST .../orchestrators/LoopOrchestrator</c>):
/// <c>{"loop": "fix-tests", "input": {...}, "repository": "...", "trigger": {"kind": "http", ...}}</c>.
/// </summary>
/// <remarks>
/// <para>No host path: the loop is named, and resolved to its file in the host's loop folder inside the run's first
/// activity (<c>LoadPlan</c>), whose result (the plan) the history records.</para>
/// <para>Runs started before this shape stored a host wrapper: <c>{"loopName", "loopFile", "repository",
/// "triggeredBy", "untrustedContext", "input": "&lt;JSON text&gt;", "pullRequest", "gitHubRepository"}</c>. Its
/// properties are still read (the <c>Legacy*</c> ones), so those runs replay and resume; a new start never writes them.</para>
/// </remarks>
[JsonConverter(typeof(LoopRunInputConverter))]
public sealed record LoopRunInput
{
    public LoopRunInput()
    {
    }

    /// <param name="loop">The loop's name in the host's loop folder.</param>
    /// <param name="input">The caller's input, as JSON.</param>
    /// <param name="trigger">What started the run.</param>
    /// <param name="repository">Overrides the loop file's <c>workspace.repository</c>.</param>
    public LoopRunInput(string loop, JsonElement? input = null, LoopTrigger? trigger = null, string? repository = null)
    {
        Loop = loop;
        Input = input;
        Trigger = trigger;
        Repository = repository;
    }

    /// <summary>The loop's name (its file name without <c>.md</c> unless the file names it), resolved in the host's loop folder.</summary>
    public string? Loop { get; init; }

    /// <summary>The caller's input as JSON (an object, a string, a number...), or null when it sent none. In a run
    /// recorded before this shape, a JSON string holding the caller's JSON text.</summary>
    public JsonElement? Input { get; init; }

    /// <summary>Overrides the loop file's <c>workspace.repository</c> (<c>loopfn run --repo</c>, <c>?repo=</c>).</summary>
    public string? Repository { get; init; }

    /// <summary>What started the run; null for a start through Durable Functions' API or a client that gave none.</summary>
    public LoopTrigger? Trigger { get; init; }

    /// <summary>Read from runs recorded before this shape: the loop's name.</summary>
    public string? LegacyLoopName { get; init; }

    /// <summary>Read from runs recorded before this shape: the loop file's absolute path on the host that started it.</summary>
    public string? LegacyLoopFile { get; init; }

    /// <summary>Read from runs recorded before this shape: what started the run.</summary>
    public string? LegacyTriggeredBy { get; init; }

    /// <summary>Read from runs recorded before this shape: the event text passed to the agent as quoted data.</summary>
    public IReadOnlyDictionary<string, string>? LegacyUntrustedContext { get; init; }

    /// <summary>Read from runs recorded before this shape: the pull request number.</summary>
    public string? LegacyPullRequest { get; init; }

    /// <summary>Read from runs recorded before this shape: the GitHub repository the event came from.</summary>
    public string? LegacyGitHubRepository { get; init; }

    /// <summary>The exact JSON this input was read from, written back unchanged (so a replay schedules <c>LoadPlan</c>
    /// with the recorded bytes); null for an input made in code. Not for <c>with</c>: a copy keeps it.</summary>
    public string? ReadFrom { get; init; }

    /// <summary>A run recorded before this shape (it names a loop file).</summary>
    public bool IsLegacy => LegacyLoopFile is not null;

    /// <summary>The loop's name, in either shape.</summary>
    public string? LoopName => Loop ?? LegacyLoopName;

    /// <summary>What started the run, in either shape.</summary>
    public string? TriggeredBy => Trigger?.Kind ?? LegacyTriggeredBy;

    /// <summary>The event text for the agent, in either shape.</summary>
    public IReadOnlyDictionary<string, string>? UntrustedContext => Trigger?.UntrustedContext ?? LegacyUntrustedContext;

    /// <summary>The pull request number, in either shape.</summary>
    public string? PullRequest => Trigger?.PullRequest ?? LegacyPullRequest;

    /// <summary>The GitHub repository (<c>owner/name</c>) the event came from, in either shape.</summary>
    public string? GitHubRepository => Trigger?.GitHubRepository ?? LegacyGitHubRepository;

    /// <summary>The caller's input as JSON text, in either shape (a run recorded before this shape held it as text).</summary>
    public string? InputText => Input is not { ValueKind: not JsonValueKind.Undefined } input
        ? null
        : IsLegacy ? (input.ValueKind == JsonValueKind.String ? input.GetString() : input.GetRawText()) : input.GetRawText();

    /// <summary>The caller's input as JSON, in either shape: a run recorded before this shape shows the JSON its text
    /// holds (a text that is not JSON as a string), as if it had been stored in this shape.</summary>
    public JsonElement? CallerInput => IsLegacy ? Json(InputText) : Input;

    /// <summary>This input in the shape new runs store (a run recorded before it loses its loop file path).</summary>
    public LoopRunInput Current() => IsLegacy
        ? new LoopRunInput(LoopName ?? "", CallerInput, LegacyTriggeredBy is null && UntrustedContext is null && PullRequest is null && GitHubRepository is null
            ? null
            : new LoopTrigger(LegacyTriggeredBy ?? TriggerSource.Manual, PullRequest, GitHubRepository, UntrustedContext), Repository)
        : this;

    /// <summary>The resolved start request the planner takes, for <paramref name="definition"/> (this run's loop).</summary>
    public LoopRunRequest ToRequest(LoopDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new LoopRunRequest(definition.Name, definition.SourcePath, Repository, TriggeredBy ?? "api", UntrustedContext, InputText, PullRequest, GitHubRepository);
    }

    /// <summary>JSON text as a JSON value to store: null stays null, text that is not JSON becomes a JSON string.</summary>
    public static JsonElement? Json(string? text)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(text);
        }
    }
}
