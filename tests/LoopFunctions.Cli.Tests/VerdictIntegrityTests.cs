using LoopFunctions.Cli.Commands;

namespace LoopFunctions.Cli.Tests;

/// <summary>
/// "Verified" means the committed tree passes: agents that tamper with their workspace's git (index flags, excludes,
/// attributes and filters, config that runs programs, their own commits) cannot change what is committed or what is
/// verified. Each run is checked against a fresh clone of the loop branch, as a reviewer would.
/// </summary>
public sealed class VerdictIntegrityTests
{
    // Unconfined, so the agent can write the protected file and the guard alone must catch it; in its sandbox the
    // file is read-only in the first place (SandboxTests).
    [Theory]
    [InlineData("--skip-worktree")]
    [InlineData("--assume-unchanged")]
    public async Task Run_AgentHidesProtectedChangeWithIndexFlag_GuardStillRejectsIt(string flag)
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var loop = sandbox.Loop("e2e", sandbox.Agent("hide", Agents.TamperAndHide(flag)), limits: "max_iterations: 2\nstall_after: 0", agent: "sandbox: none");

        var (exit, error) = await sandbox.RunAsync(loop);

        Assert.True(exit == ExitCodes.Unverified, error);
        Assert.Contains("tests/test_calc.sh: protected by 'tests/**'", error, StringComparison.Ordinal);
        Assert.Equal(DemoRepository.Test, await sandbox.FileOnLoopBranchAsync("tests/test_calc.sh"));
    }

    [Fact]
    public async Task Run_AgentExcludesAShadowingFile_WhatIsVerifiedIsWhatACloneGets()
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var loop = sandbox.Loop("e2e", sandbox.Agent("shadow", Agents.ShadowAndExclude), limits: "max_iterations: 1");

        var (exit, error) = await sandbox.RunAsync(loop);

        // The agent's excludes are not the project's: the file is committed, so the verdict and a clone agree.
        Assert.True(exit == ExitCodes.Success, error);
        Assert.True(await sandbox.ExistsOnLoopBranchAsync("src/calc_fix.sh"));
        var (cloneExit, cloneOutput) = await sandbox.TestFreshCloneAsync();
        Assert.True(cloneExit == 0, cloneOutput);
    }

    [Fact]
    public async Task Run_AgentInstallsACleanFilter_CommittedFileIsTheVerifiedOne()
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var loop = sandbox.Loop("e2e", sandbox.Agent("filter", Agents.FixWithUndoingCleanFilter), limits: "max_iterations: 1");

        var (exit, error) = await sandbox.RunAsync(loop);

        Assert.True(exit == ExitCodes.Success, error);
        Assert.Contains("$1 + $2", await sandbox.FileOnLoopBranchAsync("src/calc.sh"), StringComparison.Ordinal);
        var (cloneExit, cloneOutput) = await sandbox.TestFreshCloneAsync();
        Assert.True(cloneExit == 0, cloneOutput);
    }

    [Fact]
    public async Task Run_AgentConfiguresFsMonitorAndExternalDiff_TheProjectsGitNeverRunsThem()
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var marker = Path.Combine(sandbox.Root, "agent-program-ran");
        var loop = sandbox.Loop("e2e", sandbox.Agent("fsmonitor", Agents.FixWithFsMonitor(marker)), limits: "max_iterations: 1");

        var (exit, error) = await sandbox.RunAsync(loop);

        Assert.True(exit == ExitCodes.Success, error);
        Assert.False(File.Exists(marker), "the agent's fsmonitor or external diff program was run by the loop's git");
    }

    [Fact]
    public async Task Run_AgentCommitsOnItsOwn_LoopCommitsTheVerifiedTreeOnItsBranch()
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var loop = sandbox.Loop("e2e", sandbox.Agent("aider-like", Agents.FixAndCommit), limits: "max_iterations: 1");

        var (exit, error) = await sandbox.RunAsync(loop);

        Assert.True(exit == ExitCodes.Success, error);
        Assert.Equal(["loop e2e: iteration 1"], await sandbox.LoopCommitsAsync());
        Assert.Contains("$1 + $2", await sandbox.FileOnLoopBranchAsync("src/calc.sh"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[bash, run_tests.sh]")]
    [InlineData("[./run_tests.sh]")]
    public async Task Run_AgentRewritesTheCheckScriptAtTheRoot_RejectedAndNeverCommitted(string command)
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        const string Runner = "#!/usr/bin/env bash\nexec bash tests/test_calc.sh\n";
        await sandbox.CommitToRepositoryAsync("run_tests.sh", Runner, executable: true);
        var agent = sandbox.Agent("rewrite-runner", "printf '#!/usr/bin/env bash\\nexit 0\\n' > run_tests.sh\n" + Agents.Usage(500, 100));
        var loop = sandbox.Loop("e2e", agent, limits: "max_iterations: 2\nstall_after: 0", governance: "protect_paths: []", verify: $"  - name: tests\n    command: {command}\n    timeout: 1m", agent: "sandbox: none");

        var (exit, error) = await sandbox.RunAsync(loop);

        Assert.True(exit == ExitCodes.Unverified, error);
        Assert.Contains("run_tests.sh: protected by", error, StringComparison.Ordinal);
        Assert.Equal(Runner, await sandbox.FileOnLoopBranchAsync("run_tests.sh"));
    }
}
