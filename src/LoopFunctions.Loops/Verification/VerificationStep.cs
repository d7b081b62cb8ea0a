using System.Globalization;
using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Agents.OpenAi;
using LoopFunctions.Loops.Agents;
using LoopFunctions.Loops.Governance;
using LoopFunctions.Loops.Processes;
using LoopFunctions.Loops.Judge;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Verification;

/// <summary>
/// Verifies a commit, not a working tree: the candidate (or, for the baseline, the base commit) is checked out afresh
/// by the project's git, with protected paths taken from the base commit; the setup command and the checks run
/// there; the result is judged against the baseline.
/// </summary>
public static class VerificationStep
{
    /// <param name="input">What to verify.</param>
    /// <param name="cancellationToken">Cancels the step.</param>
    /// <param name="hiddenPaths">More host folders the checks' sandbox hides (<see cref="LoopRunnerOptions.SandboxHiddenPaths"/>).</param>
    /// <exception cref="Errors.StepRejectedException">The loop asks for the sandbox and bwrap cannot make one.</exception>
    public static async Task<VerificationOutcome> RunAsync(VerifyInput input, CancellationToken cancellationToken, IEnumerable<string>? hiddenPaths = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var workspace = input.Workspace;
        var folder = RunFolder.Of(input);
        var commit = input.Candidate ?? workspace.BaseCommit;
        var restored = await VerificationCheckout.PrepareAsync(folder, commit, workspace.BaseCommit, ProtectedPaths.For(input.Plan), cancellationToken).ConfigureAwait(false);
        var sandbox = await CheckSandbox.CreateAsync(input.Plan, folder, hiddenPaths).ConfigureAwait(false);
        var results = new List<CheckResult>();
        var judgeSpend = TokenSpend.Zero;
        if (await SetupAsync(input, folder, sandbox, cancellationToken).ConfigureAwait(false) is { } failedSetup)
        {
            results.Add(failedSetup);
        }
        else
        {
            foreach (var check in input.Checks)
            {
                if (check.Kind == CheckKind.Judge)
                {
                    var (result, spend) = await JudgeAsync(check, input, commit, cancellationToken).ConfigureAwait(false);
                    results.Add(result);
                    judgeSpend = judgeSpend.Add(spend);
                }
                else
                {
                    results.Add(await CheckRunner.RunAsync(check, folder.Checkout, cancellationToken, input.Deadline, folder.Processes, sandbox).ConfigureAwait(false));
                }
            }
        }

        // The checks ran the candidate's code with the checkout writable: had it rewritten a committed file (a test
        // helper fixing the code under test before the tests import it), what passed would not be the commit.
        if (await VerificationCheckout.ChangedAsync(folder, cancellationToken).ConfigureAwait(false) is { Count: > 0 } changed)
        {
            var names = string.Join(", ", changed.Take(20)) + (changed.Count > 20 ? ", ..." : "");
            results.Add(new CheckResult("checkout", true, false, $"checkout: the setup or the checks changed committed files, so what passed is not the commit: {names}", "", null, 1));
        }

        var outcome = VerificationEvaluator.Evaluate(results, VerificationEvaluator.ReadBaseline(input.Baseline), restored);
        return outcome with { Spend = judgeSpend };
    }

    /// <summary>Runs <c>workspace.setup</c> in the fresh checkout, as a clone would need it; its failure is a failed
    /// verification (the candidate broke it), not a failed step.</summary>
    private static async Task<CheckResult?> SetupAsync(VerifyInput input, RunFolder folder, CheckSandbox? sandbox, CancellationToken cancellationToken)
    {
        if (input.Plan.Workspace.SetupCommand is not { Count: > 0 } setup)
        {
            return null;
        }

        var left = input.Deadline is { } deadline ? deadline - DateTime.UtcNow : (TimeSpan?)null;
        if (left <= TimeSpan.Zero)
        {
            return new CheckResult("setup", false, false, "setup: not run: the run's max_duration was reached", "", null, 1);
        }

        var timeout = left is { } bound && bound < TimeSpan.FromMinutes(30) ? bound : TimeSpan.FromMinutes(30);
        // The setup installs what the checks need (a restore, npm ci): workspace.setup_network, else the agent's network.
        var net = SetupSandboxPlan.For(input.Plan.Workspace.SetupNetwork, input.Plan.Workspace.SetupNetworkHosts, input.Plan.Agent);
        var result = await CheckSandbox.RunAsync(sandbox, [.. setup], folder.Checkout, timeout, net.Network, net.Hosts, null, folder.Processes, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode == 0 && !result.TimedOut)
        {
            return null;
        }

        var output = result.StandardOutput + result.StandardError;
        var summary = result.TimedOut ? "setup: timed out" : string.Create(CultureInfo.InvariantCulture, $"setup: '{string.Join(' ', setup)}' failed (exit {result.ExitCode})");
        return new CheckResult("setup", true, false, summary, output.Length > 4000 ? "..." + output[^4000..] : output, null, 1);
    }

    private static async Task<(CheckResult Result, TokenSpend Spend)> JudgeAsync(CheckPlan check, VerifyInput input, string commit, CancellationToken cancellationToken)
    {
        if (input.Baseline is null)
        {
            // Nothing has changed yet on the base commit; there is nothing to judge.
            return (new CheckResult(check.Name, true, false, $"{check.Name}: not judged on the base commit", "", null, 1), TokenSpend.Zero);
        }

        var agent = input.Agent;
        var options = AgentFactory.OpenAiOptions(check.Endpoint ?? agent.Endpoint, agent.IsAzure, check.ApiKeySetting ?? agent.ApiKeySetting, check.Model ?? agent.Model, 0, 1000, 1);
        var judge = new LlmJudge(ChatClientFactory.Create(options));
        var diff = await GitWorkspace.PatchAsync(input.Workspace, input.Workspace.BaseCommit, commit, cancellationToken).ConfigureAwait(false);
        var verdict = await judge.JudgeAsync(input.Goal, check.Rubric ?? "", diff, check.Threshold ?? 0.7, cancellationToken).ConfigureAwait(false);
        var summary = $"{check.Name}: score {verdict.Score:0.00} (needs {check.Threshold:0.00}): {verdict.Reasons}";
        // Billed at the agent's prices (the judge's own model is not priced separately); unpriced when those are.
        var spend = new TokenSpend(verdict.InputTokens, verdict.OutputTokens, agent.Cost(verdict.InputTokens, verdict.OutputTokens)) { Unpriced = !agent.Priced };
        return (new CheckResult(check.Name, true, verdict.Passed, summary, verdict.Reasons, null, 1), spend);
    }
}
