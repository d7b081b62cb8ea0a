using LoopFunctions.Loops.Orchestration.Steps;
using Microsoft.DurableTask;

namespace LoopFunctions.Loops.Orchestration;

/// <summary>Waits for the <c>approval</c> event; no decision within the timeout is a rejection.</summary>
internal static class Approvals
{
    /// <summary>Waits once per run: after an approval every listed step goes ahead (<see cref="LoopScope.Approved"/>).</summary>
    public static async Task<ApprovalDecision> WaitAsync(LoopScope scope)
    {
        if (scope.Approved)
        {
            return new ApprovalDecision(true);
        }

        scope.Publish(LoopPhase.AwaitingApproval);
        var timeout = scope.Plan.Governance.ApprovalTimeout;
        ApprovalDecision decision;
        try
        {
            decision = await scope.Context.WaitForExternalEvent<ApprovalDecision>(LoopActivityNames.ApprovalEvent, timeout);
        }
        catch (TaskCanceledException)
        {
            decision = new ApprovalDecision(false, $"no approval within {Definitions.DurationText.Format(timeout)}");
        }

        scope.Approved = decision.Approved;
        return decision;
    }

    /// <summary>"by ana: no comment"-style words for a rejection.</summary>
    public static string Words(ApprovalDecision decision) =>
        $"{(decision.By is null ? "" : " by " + decision.By)}: {decision.Comment ?? "no comment"}";
}
