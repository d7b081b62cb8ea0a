using LoopFunctions.Cli.Commands;

namespace LoopFunctions.Cli.Tests;

/// <summary>Whole loops through <c>loopfn run</c>: real git repositories, real agent processes, a real SQLite store.</summary>
public sealed class EndToEndLoopTests
{
    [Fact]
    public async Task Run_AgentFixesTheBug_VerifiedWithOneLoopCommit()
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var loop = sandbox.Loop("e2e", sandbox.Agent("fix", Agents.Fix));

        var (exit, error) = await sandbox.RunAsync(loop);

        Assert.True(exit == ExitCodes.Success, error);
        Assert.Contains("Verified", error, StringComparison.Ordinal);
        Assert.Equal(["loop e2e: iteration 1"], await sandbox.LoopCommitsAsync());
        Assert.Contains("$1 + $2", await sandbox.FileOnLoopBranchAsync("src/calc.sh"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AgentRewritesProtectedTest_GuardRejectsItAndTheTestIsNeverCommitted()
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var loop = sandbox.Loop("e2e", sandbox.Agent("tamper", Agents.TamperWithTests), limits: "max_iterations: 2\nstall_after: 0");

        var (exit, error) = await sandbox.RunAsync(loop);

        Assert.True(exit == ExitCodes.Unverified, error);
        Assert.Contains("MaxIterations", error, StringComparison.Ordinal);
        Assert.Equal(DemoRepository.Test, await sandbox.FileOnLoopBranchAsync("tests/test_calc.sh"));
        var commits = await sandbox.LoopCommitsAsync();
        Assert.Equal(["loop e2e: hand-off (MaxIterations)"], commits);
    }

    [Fact]
    public async Task Run_AgentDeletesFailingTests_TestCountDropFailsVerification()
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        await AddJUnitRunnerAsync(sandbox.Repository);
        var loop = sandbox.Loop(
            "e2e",
            sandbox.Agent("delete", Agents.DeleteFailingTests),
            limits: "max_iterations: 1",
            governance: "protect_paths: []",
            verify: "  - name: tests\n    tests: [bash, run_junit.sh]\n    report: report.xml\n    timeout: 1m");

        var (exit, error) = await sandbox.RunAsync(loop);

        Assert.True(exit == ExitCodes.Unverified, error);
        Assert.Contains("tests found dropped from 3 to 1", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NextStepWouldExceedTokenBudget_BudgetExhaustedAndWorkKeptOnBranch()
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var loop = sandbox.Loop("e2e", sandbox.Agent("costly", Agents.ExpensiveNoFix), limits: "max_iterations: 5\nmax_tokens: 40000\nstall_after: 0");

        var (exit, error) = await sandbox.RunAsync(loop);

        Assert.True(exit == ExitCodes.Unverified, error);
        Assert.Contains("BudgetExhausted", error, StringComparison.Ordinal);
        Assert.Equal(["loop e2e: hand-off (BudgetExhausted)", "loop e2e: iteration 1"], await sandbox.LoopCommitsAsync());
        Assert.Contains("# tried something", await sandbox.FileOnLoopBranchAsync("src/calc.sh"), StringComparison.Ordinal);
    }

    /// <summary>A test runner that writes JUnit XML, one test case per check line of the test script.</summary>
    private static async Task AddJUnitRunnerAsync(string repository)
    {
        const string Runner = """
            #!/usr/bin/env bash
            # Runs tests/test_calc.sh and writes report.xml (JUnit) with one test case per check.
            out=$(bash tests/test_calc.sh); code=$?
            { echo '<testsuite name="calc">'
              while IFS= read -r line; do
                case "$line" in
                  "ok   "*) echo "  <testcase name=\"${line#ok   }\"/>" ;;
                  "FAIL "*) name="${line#FAIL }"; echo "  <testcase name=\"${name%%:*}\"><failure/></testcase>" ;;
                esac
              done <<< "$out"
              echo '</testsuite>'; } > report.xml
            exit $code

            """;
        await File.WriteAllTextAsync(Path.Combine(repository, "run_junit.sh"), Runner);
        await Loops.Workspace.Git.RunAsync(repository, CancellationToken.None, "add", "--all");
        await Loops.Workspace.Git.RunAsync(repository, CancellationToken.None, "commit", "--quiet", "-m", "junit runner");
    }
}
