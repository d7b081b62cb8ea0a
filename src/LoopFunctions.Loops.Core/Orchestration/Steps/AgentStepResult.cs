using System.Text.Json.Serialization;

namespace LoopFunctions.Loops.Orchestration.Steps;

/// <summary>What an agent step did and what it cost.</summary>
/// <remarks>Stored in orchestration histories: a property added later has a default, so older histories replay.</remarks>
public sealed record AgentStepResult(bool Succeeded, string Summary, TokenSpend Spend, int ToolCalls, string? Error = null)
{
    /// <summary>Where <see cref="TokenSpend.CostUsd"/> of <see cref="Spend"/> came from:
    /// <c>price-table</c>, <c>agent-reported</c> or <c>unpriced</c> (see <c>Agents.Pricing.StepCost</c>); null in
    /// histories recorded before it was kept.</summary>
    public string? CostSource { get; init; }

    /// <summary>The cost the agent itself reported (a CLI's own figure), when it did; beside a price-table cost it is
    /// kept for comparison only.</summary>
    public decimal? ReportedCostUsd { get; init; }

    /// <summary>The destinations (<c>host:port</c>) the agent tried to reach and <c>agent.network</c> refused.</summary>
    public IReadOnlyList<string> DeniedConnections { get; init; } = [];

    /// <summary>The agent left the tree exactly as the step found it (the project's git sees no change), so the
    /// orchestrator neither guards, verifies nor commits it again. False in results recorded before the step told:
    /// their runs replay to the guard and verification they scheduled then. Written only when true.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool TreeUnchanged { get; init; }

    /// <summary>The step did not run because its pool reservation (<see cref="AgentStepInput.Reservation"/>) was no
    /// longer held; the orchestrator reserves again. A result, not a failure, so a rewind keeps it. Written only when
    /// true.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ReservationLost { get; init; }

    /// <summary>Equal when every field is, the refused destinations compared item by item: a result read back from
    /// its step record equals the one that was written.</summary>
    public bool Equals(AgentStepResult? other) =>
        other is not null
        && (Succeeded, Summary, Spend, ToolCalls, Error, CostSource, ReportedCostUsd, TreeUnchanged, ReservationLost) == (other.Succeeded, other.Summary, other.Spend, other.ToolCalls, other.Error, other.CostSource, other.ReportedCostUsd, other.TreeUnchanged, other.ReservationLost)
        && DeniedConnections.SequenceEqual(other.DeniedConnections, StringComparer.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Succeeded, Summary, Spend, ToolCalls, Error, CostSource, ReportedCostUsd, (DeniedConnections.Count, TreeUnchanged, ReservationLost));
}
