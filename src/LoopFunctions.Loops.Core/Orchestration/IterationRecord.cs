using System.Text.Json.Serialization;
using LoopFunctions.Loops.Orchestration.Steps;

namespace LoopFunctions.Loops.Orchestration;

/// <summary>The ledger entry of one iteration: what the agent did, on which model, what it cost, and what verification
/// said.</summary>
public sealed record IterationRecord(
    int Number,
    string BaseCommit,
    string AgentSummary,
    TokenSpend Spend,
    GuardOutcome? Guard,
    VerificationOutcome? Verification,
    string? Commit,
    DateTime StartedAt,
    DateTime EndedAt,
    string? Model = null)
{
    /// <summary>Why the agent step failed (a non-zero exit, a timeout, refused edits, nothing changed), or null.
    /// The iteration still goes through the guard and verification when the tree changed: the agent may have left
    /// useful work.</summary>
    public string? AgentError { get; init; }

    /// <summary>The agent left the tree as it found it: the iteration was neither guarded, verified nor committed
    /// (its tree's verdict is the one it already had), and <see cref="AgentError"/> says so. Written only when true,
    /// so the result of a run that never skipped reads as it did before.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool TreeUnchanged { get; init; }

    /// <summary>The destinations the agent tried to reach that <c>agent.network</c> refused (<c>host:port</c>).</summary>
    public IReadOnlyList<string> DeniedConnections { get; init; } = [];

    /// <summary>With <c>agent.attempts</c>: every attempt of the iteration, committed or discarded, in index order.
    /// <see cref="Spend"/> is then their sum; the summary, guard, verification and model are the committed (or best
    /// ranked) attempt's. Empty for an iteration of one agent step, and then not written.</summary>
    [JsonIgnore]
    public IReadOnlyList<AttemptRecord> Attempts { get; init; } = [];

    /// <summary><see cref="Attempts"/> as written: left out when empty, so results of runs without attempts read as
    /// they did before.</summary>
    [JsonInclude]
    [JsonPropertyName("attempts")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    private IReadOnlyList<AttemptRecord>? AttemptsWritten
    {
        get => Attempts.Count == 0 ? null : Attempts;
        init => Attempts = value ?? [];
    }
}
