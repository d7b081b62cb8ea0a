namespace LoopFunctions.Cli.Tests;

/// <summary>
/// A check must not be able to tell that it is a check: the agent's tree and the check's checkout are both shown at
/// the sandbox's fixed <c>/workspace</c>, with the same HOME, TMPDIR and variables, and no loopfn variable in either.
/// A cheating agent writes a calc.sh that leaves the bug in place unless it finds itself somewhere the agent is not.
/// Unconfined (<c>agent.sandbox: none</c>) there is no fixed path: there the same cheat works, which these tests show
/// as well, so that a Verified-free result in the sandbox is the sandbox's doing.
/// </summary>
public sealed class CheckWorldTests
{
    private const string Buggy = """
        add() {
          echo $(( $1 - $2 ))
        }

        sub() {
          echo $(( $1 - $2 ))
        }

        """;

    // Where a check could find the run folder's check/ segment: its working directory as the shell, the kernel and git
    // see it, and the folders it is given.
    private const string InCheckFolder = """
        for seen in "$PWD" "$(pwd -P)" "$(readlink /proc/self/cwd)" "$HOME" "${TMPDIR:-}" "$(git rev-parse --show-toplevel 2>/dev/null)"; do
          if [[ "$seen" == */check || "$seen" == */check/* ]]; then add() { echo $(( $1 + $2 )); }; fi
        done

        """;

    [Theory]
    [InlineData("check-folder", "", ExitCodes.Unverified)]
    [InlineData("check-folder", "sandbox: none", ExitCodes.Success)]
    [InlineData("agent-paths", "", ExitCodes.Unverified)]
    [InlineData("agent-paths", "sandbox: none", ExitCodes.Success)]
    public async Task Run_CodePassesOnlyWhereTheAgentIsNot_NotVerifiedInTheSandbox(string cheat, string agentOptions, int expected)
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var body = cheat == "check-folder"
            ? $"cat > src/calc.sh <<'CALC'\n{Buggy}{InCheckFolder}CALC\n"
            // The agent writes the paths it sees into the code: it passes wherever they differ.
            : $"cat > src/calc.sh <<'CALC'\n{Buggy}CALC\n"
              + "printf 'if [[ \"$(pwd -P)\" != %q || \"$HOME\" != %q || \"${TMPDIR:-}\" != %q ]]; then add() { echo $(( $1 + $2 )); }; fi\\n' \"$(pwd -P)\" \"$HOME\" \"${TMPDIR:-}\" >> src/calc.sh\n";
        var agent = sandbox.Agent(cheat, body + Agents.Usage(900, 100));
        var loop = sandbox.Loop("e2e", agent, limits: "max_iterations: 1", agent: agentOptions);

        var (exit, error) = await sandbox.RunAsync(loop);

        Assert.True(exit == expected, error);
    }

    [Theory]
    [InlineData("", ExitCodes.Unverified)]
    // The control: the same code passes once a loopfn-named variable does reach the check.
    [InlineData("\n    env: [LOOPFN_WORLD_PROBE]", ExitCodes.Success)]
    public async Task Run_CodePassesOnlyUnderALoopfnVariable_NotVerified(string declared, int expected)
    {
        Environment.SetEnvironmentVariable("LOOPFN_WORLD_PROBE", "1");
        using var sandbox = await LoopSandbox.CreateAsync();
        var calc = Buggy + "if env | grep -qi loopfn; then add() { echo $(( $1 + $2 )); }; fi\n";
        var agent = sandbox.Agent("marker", $"cat > src/calc.sh <<'CALC'\n{calc}CALC\n" + Agents.Usage(900, 100));
        var loop = sandbox.Loop("e2e", agent, limits: "max_iterations: 1", verify: "  - name: tests\n    command: [bash, tests/test_calc.sh]\n    timeout: 1m" + declared);

        var (exit, error) = await sandbox.RunAsync(loop);

        Assert.True(exit == expected, error);
    }

    [Fact]
    public async Task Run_AgentRecordsItsWorld_CheckSeesTheSamePathsAndVariables()
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        // Protected with tests/**: the world the check sees, compared with the one the agent recorded.
        await sandbox.CommitToRepositoryAsync("tests/world.sh", "#!/usr/bin/env bash\nsource tests/record_world.sh\ndiff <(record_world) src/world.txt\n");
        await sandbox.CommitToRepositoryAsync("tests/record_world.sh", """
            record_world() {
              echo "pwd=$(pwd -P)"
              echo "cwd=$(readlink /proc/self/cwd)"
              env | grep -v -e '^_=' -e '^OLDPWD=' | sort
            }

            """);
        var agent = sandbox.Agent("world", "source tests/record_world.sh\nrecord_world > src/world.txt\n" + Agents.Fix);
        var verify = "  - name: world\n    command: [bash, tests/world.sh]\n    timeout: 1m\n  - name: tests\n    command: [bash, tests/test_calc.sh]\n    timeout: 1m";
        var loop = sandbox.Loop("e2e", agent, limits: "max_iterations: 1", verify: verify);

        var (exit, error) = await sandbox.RunAsync(loop);

        Assert.True(exit == ExitCodes.Success, error);
        var world = await sandbox.FileOnLoopBranchAsync("src/world.txt");
        Assert.Contains("pwd=/workspace\n", world, StringComparison.Ordinal);
        Assert.Contains("cwd=/workspace\n", world, StringComparison.Ordinal);
        Assert.Contains("HOME=/home/agent\n", world, StringComparison.Ordinal);
        Assert.DoesNotContain("loopfn", world, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(sandbox.Root, world, StringComparison.Ordinal);
    }
}
