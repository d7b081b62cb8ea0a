using LoopFunctions.Loops.Orchestration.Steps;
using Microsoft.DurableTask;

namespace LoopFunctions.Loops.Orchestration;

/// <summary>Waits for the <c>approval</c> event; no decision within the timeout is a rejection.</summary>
internal static class Approvals
{
    /// <summary>Waits once per run: after an approval every listed step goes ahead (<see cref="RunPosition.Approved"/>).</summary>
    /// <param name="scope">The run.</param>
    /// <param name="at">Where the run is.</param>
    /// <param name="deployment">A deployment waiting for this approval: shown in the status while the run waits.</param>
    /// <returns>The decision, and the position that remembers it.</returns>
    public static async Task<(ApprovalDecision Decision, RunPosition At)> WaitAsync(LoopScope scope, RunPosition at, DeploymentPreview? deployment = null)
    {
        if (at.Approved)
        {
            return (new ApprovalDecision(true), at);
        }

        scope.Publish(LoopPhase.AwaitingApproval, at, deployment: deployment);
        var timeout = scope.Plan.Governance.ApprovalTimeout;
        scope.Log.ApprovalRequested(scope.Plan.Name, scope.InstanceId, timeout);
        ApprovalDecision decision;
        try
        {
            decision = await scope.Context.WaitForExternalEvent<ApprovalDecision>(LoopActivityNames.ApprovalEvent, timeout);
        }
        catch (TaskCanceledException)
        {
            decision = new ApprovalDecision(false, $"no approval within {Definitions.DurationText.Format(timeout)}");
        }

        scope.Log.ApprovalReceived(scope.Plan.Name, scope.InstanceId, decision.Approved, decision.By ?? "(no one)");
        return (decision, at with { Approved = decision.Approved });
    }

    /// <summary>"by ana: no comment"-style words for a rejection.</summary>
    public static string Words(ApprovalDecision decision) =>
        $"{(decision.By is null ? "" : " by " + decision.By)}: {decision.Comment ?? "no comment"}";
}
