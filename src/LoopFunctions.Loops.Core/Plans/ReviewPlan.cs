namespace LoopFunctions.Loops.Plans;

/// <summary>The <c>review</c> phase of a pull-request loop: before the first agent step a reviewer reads the pull
/// request's diff against its base and lists findings, which become part of the agent's goal and of the run's record.</summary>
/// <param name="Kind"><c>llm</c> (a model reads the diff) or <c>command</c> (a program prints the findings).</param>
/// <param name="Command">For <c>command</c>: the argv ({diff_file}, {base}, {head} replaced per argument).</param>
/// <param name="Model">For <c>llm</c>: the model; default the model of the loop's judge check, else the agent's first model.</param>
/// <param name="Endpoint">For <c>llm</c>: the endpoint; default the judge's, else the agent's.</param>
/// <param name="IsAzure">For <c>llm</c>: an Azure OpenAI endpoint.</param>
/// <param name="ApiKeySetting">For <c>llm</c>: the environment variable with the key. Never the key.</param>
/// <param name="Instructions">What the reviewer should look at (a rubric); optional.</param>
/// <param name="MaxFindings">Findings kept at most (the rest are counted, not listed).</param>
/// <param name="Timeout">Time allowed per review call or command run.</param>
/// <param name="Environment">For <c>command</c>: host environment variables passed to it.</param>
/// <param name="InputPricePerMillion">USD per million input tokens of the reviewer's model (0 when unknown).</param>
/// <param name="OutputPricePerMillion">USD per million output tokens of the reviewer's model (0 when unknown).</param>
public sealed record ReviewPlan(
    ReviewKind Kind,
    IReadOnlyList<string>? Command,
    string? Model,
    string? Endpoint,
    bool IsAzure,
    string? ApiKeySetting,
    string? Instructions,
    int MaxFindings,
    TimeSpan Timeout,
    IReadOnlyList<string> Environment,
    decimal InputPricePerMillion = 0m,
    decimal OutputPricePerMillion = 0m)
{
    /// <summary>Output tokens one review call may use at most; also its worst case for the budget check.</summary>
    public const int MaxOutputTokens = 2_000;

    /// <summary>Longest diff sent to an <c>llm</c> reviewer; longer diffs are cut and the model is told.</summary>
    public const int MaxDiffCharacters = 60_000;

    private readonly bool? _priced;

    /// <summary>Whether a model reviewer's model has a price; its calls are flagged unpriced when not. A plan recorded
    /// before this flag existed counts as priced when it carries a non-zero price.</summary>
    public bool Priced
    {
        get => _priced ?? (InputPricePerMillion > 0 || OutputPricePerMillion > 0);
        init => _priced = value;
    }

    /// <summary>The cost of a review call with this usage.</summary>
    public decimal Cost(long inputTokens, long outputTokens) =>
        ((inputTokens * InputPricePerMillion) + (outputTokens * OutputPricePerMillion)) / 1_000_000m;
}
