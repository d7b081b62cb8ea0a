using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using LoopFunctions.Loops.Agents.OpenAi;
using LoopFunctions.Loops.Judge;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;
using LoopFunctions.Loops.Verification;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Activities;

/// <summary>
/// Runs the checks with the protected paths restored from the base commit, then judges the result against the
/// baseline. Without a baseline this is the baseline run on the untouched base commit.
/// </summary>
public sealed class VerifyActivity(IHostApplicationLifetime lifetime) : LoopActivity<VerifyInput, VerificationOutcome>(lifetime)
{
    protected override async Task<VerificationOutcome> ExecuteAsync(TaskActivityContext context, VerifyInput input, CancellationToken cancellationToken)
    {
        var workspace = input.Workspace;
        var protect = ProtectedPaths.For(input.Governance, input.Checks, input.LoopFile, input.Repository);
        var restored = await GitWorkspace.RestorePathsAsync(workspace.Path, workspace.BaseCommit, protect, cancellationToken).ConfigureAwait(false);
        var results = new List<CheckResult>();
        var judgeSpend = TokenSpend.Zero;
        foreach (var check in input.Checks)
        {
            if (check.Kind == "judge")
            {
                var (result, spend) = await JudgeAsync(check, input, cancellationToken).ConfigureAwait(false);
                results.Add(result);
                judgeSpend = judgeSpend.Add(spend);
            }
            else
            {
                results.Add(await CheckRunner.RunAsync(check, workspace.Path, cancellationToken).ConfigureAwait(false));
            }
        }

        var outcome = VerificationEvaluator.Evaluate(results, VerificationEvaluator.ReadBaseline(input.Baseline), restored);
        return outcome with { Spend = judgeSpend };
    }

    private static async Task<(CheckResult Result, TokenSpend Spend)> JudgeAsync(CheckPlan check, VerifyInput input, CancellationToken cancellationToken)
    {
        if (input.Baseline is null)
        {
            // Nothing has changed yet on the base commit; there is nothing to judge.
            return (new CheckResult(check.Name, true, false, $"{check.Name}: not judged on the base commit", "", null, 1), TokenSpend.Zero);
        }

        var agent = input.Agent;
        var options = AgentFactory.OpenAiOptions(check.Endpoint ?? agent.Endpoint, agent.IsAzure, check.ApiKeySetting ?? agent.ApiKeySetting, check.Model ?? agent.Model, 0, 1000, 1);
        var judge = new LlmJudge(ChatClientFactory.Create(options));
        var diff = await GitWorkspace.PatchAsync(input.Workspace.Path, input.Workspace.BaseCommit, cancellationToken).ConfigureAwait(false);
        var verdict = await judge.JudgeAsync(input.Goal, check.Rubric ?? "", diff, check.Threshold ?? 0.7, cancellationToken).ConfigureAwait(false);
        var summary = $"{check.Name}: score {verdict.Score:0.00} (needs {check.Threshold:0.00}): {verdict.Reasons}";
        var spend = new TokenSpend(verdict.InputTokens, verdict.OutputTokens, agent.Cost(verdict.InputTokens, verdict.OutputTokens));
        return (new CheckResult(check.Name, true, verdict.Passed, summary, verdict.Reasons, null, 1), spend);
    }
}
