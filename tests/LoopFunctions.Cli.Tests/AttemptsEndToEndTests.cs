using LoopFunctions.Cli.Commands;

namespace LoopFunctions.Cli.Tests;

/// <summary><c>agent.attempts</c> through <c>loopfn run</c>: real git, real agent processes in the sandbox, a real
/// SQLite store. Three attempts of one iteration, told different strategies by their prompts: only the one that fixes
/// the code is committed.</summary>
public sealed class AttemptsEndToEndTests
{
    [Fact]
    public async Task Run_ThreeAttemptsOneFixes_OnlyItsWorkIsCommittedAndEveryAttemptHadItsOwnTree()
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        // Each attempt reads its strategy from its prompt (the goal, then the attempt's prompt).
        var script = sandbox.Agent("strategies", """
            if grep -q 'strategy: fix' "$2"; then
              sed -i '4s/-/+/' src/calc.sh
            elif grep -q 'strategy: tamper' "$2"; then
              printf '#!/usr/bin/env bash\nexit 0\n' > tests/test_calc.sh
            else
              echo '# tried something' >> src/calc.sh
            fi
            """ + "\n" + Agents.Usage(1000, 200));
        var loop = sandbox.Loop("e2e", script, limits: "max_iterations: 1", agent: """
            attempts:
              - prompt: "strategy: tamper"
              - prompt: "strategy: scribble"
              - prompt: "strategy: fix"
            """);

        var (exit, error) = await sandbox.RunAsync(loop);

        Assert.True(exit == ExitCodes.Success, error);
        Assert.Contains("Verified", error, StringComparison.Ordinal);
        Assert.Equal(["loop e2e: iteration 1"], await sandbox.LoopCommitsAsync());
        var calc = await sandbox.FileOnLoopBranchAsync("src/calc.sh");
        Assert.Contains("$1 + $2", calc, StringComparison.Ordinal);
        Assert.DoesNotContain("# tried something", calc, StringComparison.Ordinal);
        Assert.Equal(DemoRepository.Test, await sandbox.FileOnLoopBranchAsync("tests/test_calc.sh"));
        // Each attempt worked in a tree of its own; the discarded ones keep what they did there.
        var attempts = Path.Combine(sandbox.Workspace, "attempts");
        Assert.Equal(DemoRepository.Test, await File.ReadAllTextAsync(Path.Combine(attempts, "3", "tree", "tests", "test_calc.sh")));
        Assert.Contains("exit 0", await File.ReadAllTextAsync(Path.Combine(attempts, "1", "tree", "tests", "test_calc.sh")), StringComparison.Ordinal);
        Assert.Contains("# tried something", await File.ReadAllTextAsync(Path.Combine(attempts, "2", "tree", "src", "calc.sh")), StringComparison.Ordinal);
    }
}
