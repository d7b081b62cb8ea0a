using System.Text.Json.Serialization;

namespace LoopFunctions.Loops.Orchestration;

/// <summary>What a running loop is doing now; shown in its custom status.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LoopPhase>))]
public enum LoopPhase
{
    Loading,
    Preparing,
    Baseline,
    Reviewing,
    Agent,
    Guard,
    Verify,
    Commit,
    AwaitingCi,
    AwaitingApproval,
    Publishing,
    Deploying,
    Reporting,
    Done,
}
