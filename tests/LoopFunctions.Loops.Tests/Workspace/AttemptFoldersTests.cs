using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Agents;
using LoopFunctions.Loops.Guard;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;
using LoopFunctions.Loops.Sandbox;
using LoopFunctions.Loops.Tests.Orchestration;
using LoopFunctions.Loops.Workspace;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Loops.Tests.Workspace;

/// <summary>The attempts of <c>agent.attempts</c> on a real run folder: each agent step works in its own tree from the
/// same head, at the same time, and neither its tree nor its sandbox shows a sibling's files.</summary>
public sealed class AttemptFoldersTests : IAsyncLifetime
{
    private readonly GitSandbox _git = new();
    private WorkspaceInfo _workspace = new("", "", "");
    private string _script = "";

    public async Task InitializeAsync()
    {
        await _git.InitializeAsync();
        _workspace = await _git.PrepareAsync();
        _script = Path.Combine(_git.Root, "agent.sh");
        // Writes a file of its own, then reports the files its tree has and whether the run's attempts folder (by its
        // path on the host) can be seen from where it runs.
        await File.WriteAllTextAsync(_script, $$$"""
            #!/usr/bin/env bash
            set -euo pipefail
            cd "$1"
            echo "mine" > "own-$$-$RANDOM.txt"
            files=$(ls own-*.txt | tr '\n' ' ')
            if [ -e "{{{Path.Combine(_workspace.Path, "attempts")}}}" ]; then siblings=visible; else siblings=hidden; fi
            echo "{\"summary\": \"files: ${files}siblings: ${siblings}\", \"usage\": {\"input_tokens\": 10, \"output_tokens\": 5}}"
            """);
    }

    public Task DisposeAsync() => _git.DisposeAsync();

    [Fact]
    public async Task AgentStep_TwoAttemptsAtOnce_EachTreeHoldsOnlyItsOwnWorkAndEachGuardSeesOnlyIt()
    {
        var agents = new AgentFactory(Options.Create(new LoopRunnerOptions()));

        var results = await Task.WhenAll(
            AgentStep.RunAsync(Input(1, SandboxMode.None), agents, new LoopRunnerOptions(), CancellationToken.None),
            AgentStep.RunAsync(Input(2, SandboxMode.None), agents, new LoopRunnerOptions(), CancellationToken.None));

        var run = new RunFolder(_workspace.Path);
        var own = new[] { 1, 2 }.Select(n => Directory.GetFiles(run.ForAttempt(n).Tree, "own-*.txt").Select(Path.GetFileName).Single()).ToList();
        Assert.NotEqual(own[0], own[1]);
        Assert.All(results, r => Assert.True(r.Succeeded, r.Error));
        Assert.Equal([$"files: {own[0]} ", $"files: {own[1]} "], results.Select(r => r.Summary[..r.Summary.IndexOf("siblings", StringComparison.Ordinal)]));
        var guards = await Task.WhenAll(new[] { 1, 2 }.Select(n => CandidateGuard.CheckAsync(new GuardInput(_workspace, _workspace.BaseCommit, FakeLoopSteps.DefaultPlan()) { Attempt = n }, CancellationToken.None)));
        Assert.All(guards, g => Assert.True(g.Allowed));
        Assert.Equal([own[0]!], await ChangedFilesAsync(guards[0]));
        Assert.Equal([own[1]!], await ChangedFilesAsync(guards[1]));
        Assert.Equal(guards.Select(g => g.Candidate!), await Task.WhenAll(new[] { 1, 2 }.Select(n => GitSandbox.RevAsync(_workspace, run.ForAttempt(n).CandidateRef))));
    }

    [Fact]
    public async Task AgentStep_SandboxedAttempt_CannotSeeTheRunsOtherAttempts()
    {
        Assert.Null(await Bubblewrap.WhyUnavailableAsync());
        var agents = new AgentFactory(Options.Create(new LoopRunnerOptions()));
        await AgentStep.RunAsync(Input(1, SandboxMode.None), agents, new LoopRunnerOptions(), CancellationToken.None);

        var sandboxed = await AgentStep.RunAsync(Input(2, SandboxMode.Bwrap), agents, new LoopRunnerOptions(), CancellationToken.None);

        Assert.True(sandboxed.Succeeded, sandboxed.Error);
        Assert.EndsWith("siblings: hidden", sandboxed.Summary, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(new RunFolder(_workspace.Path).ForAttempt(2).Tree, "own-*.txt"));
    }

    [Fact]
    public void ForAttempt_NullKeepsTheRunsLayoutAndANumberGetsItsOwnFolders()
    {
        var run = new RunFolder("/work/run-1");

        Assert.Equal(("/work/run-1/tree", "/work/run-1/check", "/work/run-1/home", "/work/run-1/state/run.lock", "refs/loopfunctions/candidate"), Paths(run.ForAttempt(null)));
        Assert.Equal(("/work/run-1/attempts/2/tree", "/work/run-1/attempts/2/check", "/work/run-1/attempts/2/home", "/work/run-1/attempts/2/state/run.lock", "refs/loopfunctions/attempts/2/candidate"), Paths(run.ForAttempt(2)));
        Assert.Equal(("/work/run-1/.git", "/work/run-1/state"), (run.ForAttempt(2).GitDir, run.ForAttempt(2).State));
        Assert.Throws<ArgumentOutOfRangeException>(() => run.ForAttempt(0));
    }

    [Fact]
    public void EgressSocket_Attempts_EachHasItsOwn()
    {
        var run = new RunFolder("/work/run-1");

        // A shared socket let one attempt's egress proxy replace or delete it under a sibling's running agent.
        Assert.Equal("/work/run-1/state/egress.sock", run.ForAttempt(null).EgressSocket);
        Assert.Equal(["/work/run-1/attempts/1/state/egress.sock", "/work/run-1/attempts/2/state/egress.sock"], new[] { 1, 2 }.Select(n => run.ForAttempt(n).EgressSocket));
    }

    private static (string, string, string, string, string) Paths(RunFolder folder) => (folder.Tree, folder.Checkout, folder.Home, folder.LockFile, folder.CandidateRef);

    /// <summary>The files the guard's candidate changed against the head.</summary>
    private async Task<string[]> ChangedFilesAsync(GuardOutcome guard) =>
        (await Git.RunAsync(new RunFolder(_workspace.Path).GitCall("diff", "--name-only", _workspace.BaseCommit, guard.Candidate!), CancellationToken.None)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private AgentStepInput Input(int attempt, SandboxMode sandbox) => new(
        _workspace,
        _workspace.BaseCommit,
        "Change the app.",
        null,
        1,
        new AgentPlan("command", ["bash", _script, "{workspace}"], "scripted", null, false, null, null, 1000, 10, TimeSpan.FromMinutes(1), [], 0m, 0m) { Sandbox = sandbox },
        null)
    { Attempt = attempt };
}
