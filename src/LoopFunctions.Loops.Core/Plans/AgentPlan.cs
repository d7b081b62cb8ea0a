using System.Text.Json.Serialization;

namespace LoopFunctions.Loops.Plans;

/// <summary>The agent of a loop, resolved: <c>command</c> (an external CLI), <c>openai</c> (the built-in tool agent),
/// or a coding CLI the loop drives itself: <c>claude</c>, <c>codex</c>, <c>gemini</c>, <c>opencode</c>.</summary>
/// <remarks>Stored in orchestration histories (the plan of <c>LoadPlan</c>): a property added later has a default,
/// so histories recorded before it still replay.</remarks>
/// <param name="Kind"><c>command</c>, <c>openai</c>, <c>claude</c>, <c>codex</c>, <c>gemini</c> or <c>opencode</c>.</param>
/// <param name="Command">For <c>command</c>: the argv template ({prompt_file}, {workspace}, {iteration}, {model}).
/// For a coding CLI: the executable, when it is not the CLI's own name on PATH.</param>
/// <param name="Model">Model or deployment name; also the key into the price table.</param>
/// <param name="Endpoint">For <c>openai</c>: the endpoint; null means api.openai.com.</param>
/// <param name="IsAzure">For <c>openai</c>: an Azure OpenAI endpoint.</param>
/// <param name="ApiKeySetting">The environment variable that holds the key. Never the key itself.</param>
/// <param name="Temperature">Sampling temperature, if set.</param>
/// <param name="MaxOutputTokens">Upper bound of output tokens per model call.</param>
/// <param name="MaxToolCalls">Upper bound of tool calls in one agent step.</param>
/// <param name="Timeout">Time allowed for one agent step.</param>
/// <param name="AllowedCommands">Command prefixes the agent may run.</param>
/// <param name="InputPricePerMillion">USD per million input tokens (0 when unknown, see <see cref="Priced"/>).</param>
/// <param name="OutputPricePerMillion">USD per million output tokens (0 when unknown).</param>
/// <remarks>Stored in orchestration histories: a property added later must have a default, so that histories recorded
/// before it still replay.</remarks>
public sealed record AgentPlan(
    string Kind,
    IReadOnlyList<string>? Command,
    string Model,
    string? Endpoint,
    bool IsAzure,
    string? ApiKeySetting,
    double? Temperature,
    int MaxOutputTokens,
    int MaxToolCalls,
    TimeSpan Timeout,
    IReadOnlyList<string> AllowedCommands,
    decimal InputPricePerMillion,
    decimal OutputPricePerMillion)
{
    /// <summary>How a command agent (and the <c>openai</c> agent's commands) is confined: <c>bwrap</c> (default) or
    /// <c>none</c>.</summary>
    public SandboxMode Sandbox { get; init; } = SandboxMode.Bwrap;

    /// <summary>Whether the sandboxed agent may use the network. Default false.</summary>
    public bool Network { get; init; }

    /// <summary>Host paths the sandbox shows read-only although they are hidden (under a home, a temp folder).</summary>
    public IReadOnlyList<string> ReadPaths { get; init; } = [];

    /// <summary>Host paths the sandboxed agent may change besides its workspace and its HOME.</summary>
    public IReadOnlyList<string> WritePaths { get; init; } = [];

    /// <summary>Names of host environment variables passed to the agent (its own API key, say); no other host
    /// variable reaches it but the allow-listed ones.</summary>
    public IReadOnlyList<string> Environment { get; init; } = [];

    /// <summary><c>agent.network</c> as a list: the only hosts (<c>host</c>, <c>host:port</c>, <c>*.domain</c>) the
    /// sandboxed agent may reach, through loopfn's allow-listing proxy. Empty with <see cref="Network"/> false: no
    /// network at all. A coding CLI defaults to its provider's API host (or its <c>endpoint</c>'s).</summary>
    public IReadOnlyList<string> NetworkHosts { get; init; } = [];

    /// <summary>For a coding CLI: <c>agent.max_turns</c>, its cap on agentic turns (Claude Code's <c>--max-turns</c>).</summary>
    public int? MaxTurns { get; init; }

    /// <summary>For a coding CLI: <c>agent.extra_args</c>, appended to the command line loopfn builds.</summary>
    public IReadOnlyList<string> ExtraArgs { get; init; } = [];

    /// <summary>For a coding CLI: <c>agent.version</c>, the version the installed CLI must have; null accepts any.</summary>
    public string? Version { get; init; }

    /// <summary>For a coding CLI: <c>agent.resume</c> (default true): iteration 2 onwards continues the CLI's
    /// session with the verification's feedback instead of starting cold.</summary>
    public bool Resume { get; init; } = true;

    /// <summary><c>agent.models</c> and <c>agent.escalate</c>: the model ladder; null for a single model.</summary>
    public EscalationPlan? Escalation { get; init; }

    /// <summary>USD per million input tokens read from the provider's prompt cache; null bills them at
    /// <see cref="InputPricePerMillion"/> (the provider publishes no cached price, or the plan predates it).</summary>
    public decimal? CachedInputPricePerMillion { get; init; }

    /// <summary><c>agent.attempts</c>: the attempts each iteration runs in parallel, each in its own tree from the same
    /// head, of which the best candidate is committed (see <c>AttemptRanking</c>). Empty (the default, and
    /// <c>attempts: 1</c>) runs one agent step per iteration, as before attempts existed.</summary>
    [JsonIgnore]
    public IReadOnlyList<AttemptPlan> Attempts { get; init; } = [];

    /// <summary><see cref="Attempts"/> as written: left out when empty, so the plan (and every step input that carries
    /// it) of a loop without attempts is written as it was before they existed.</summary>
    [JsonInclude]
    [JsonPropertyName("attempts")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    private IReadOnlyList<AttemptPlan>? AttemptsWritten
    {
        get => Attempts.Count == 0 ? null : Attempts;
        init => Attempts = value ?? [];
    }

    /// <summary>For one attempt of <see cref="Attempts"/>: its <c>prompt</c>, told to the agent after the goal. Null
    /// (and then not written) for the loop's own agent.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PromptHint { get; init; }

    private readonly bool? _priced;

    /// <summary>Whether <see cref="Model"/> has a price (the host's table or the loop file's <c>prices:</c>); false
    /// means its steps count what the agent reports, else nothing, and are flagged unpriced. A plan recorded before
    /// this flag existed counts as priced when it carries a non-zero price.</summary>
    public bool Priced
    {
        get => _priced ?? (InputPricePerMillion > 0 || OutputPricePerMillion > 0);
        init => _priced = value;
    }

    /// <summary>This agent on another model of its ladder: the model and its prices replaced.</summary>
    public AgentPlan On(ModelChoice model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return this with
        {
            Model = model.Model,
            InputPricePerMillion = model.InputPricePerMillion,
            OutputPricePerMillion = model.OutputPricePerMillion,
            CachedInputPricePerMillion = model.CachedInputPricePerMillion,
            Priced = model.Priced,
        };
    }

    /// <summary>The cost of a step with this usage, from the price table (no cached input: a worst case).</summary>
    public decimal Cost(long inputTokens, long outputTokens) =>
        ((inputTokens * InputPricePerMillion) + (outputTokens * OutputPricePerMillion)) / 1_000_000m;

    /// <summary>The cost of a step with this usage, cached input at the cached price.</summary>
    public decimal Cost(Agents.TokenUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return Agents.Pricing.ModelPrice.Cost(InputPricePerMillion, OutputPricePerMillion, CachedInputPricePerMillion, usage.InputTokens, usage.OutputTokens, usage.CachedInputTokens);
    }
}
