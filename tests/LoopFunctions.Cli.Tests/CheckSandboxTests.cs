namespace LoopFunctions.Cli.Tests;

/// <summary>
/// The checks run the candidate's code: here the agent's <c>src/calc.sh</c>, which the protected test sources. A
/// cheating agent writes a calc.sh that leaves the bug in place but acts while the check runs: it starts a process that
/// outlives the check, writes outside the checkout, rewrites the test being run, asks whether it runs as a check, or
/// changes how git lays the test out. None of them may end in Verified.
/// </summary>
public sealed class CheckSandboxTests
{
    private const string Buggy = """
        add() {
          echo $(( $1 - $2 ))
        }

        sub() {
          echo $(( $1 - $2 ))
        }

        """;

    [Fact]
    public async Task Run_CheckStartsAProcessThatLeavesItsSession_NoneSurvivesAndNothingLandsOutside()
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var mark = "escape-" + Guid.NewGuid().ToString("N");
        var outside = Path.Combine(sandbox.Markers, "escaped.txt");
        // env -i drops loopfn's process mark and setsid the process group: only a PID namespace catches it.
        var calc = Buggy + $"(setsid env -i /bin/bash -c 'while :; do echo x >> \"{outside}\" 2>/dev/null; sleep 0.05; done # {mark}' > /dev/null 2>&1 &)\n";
        var agent = sandbox.Agent("escape", $"cat > src/calc.sh <<'CALC'\n{calc}CALC\n" + Agents.Usage(900, 100));
        var loop = sandbox.Loop("e2e", agent, limits: "max_iterations: 1");

        try
        {
            var (exit, error) = await sandbox.RunAsync(loop);

            Assert.True(exit == ExitCodes.Unverified, error);
            Assert.Empty(Processes.WithMark(mark));
            Assert.False(File.Exists(outside), "a process of the check wrote outside the checkout");
        }
        finally
        {
            Processes.KillMarked(mark);
        }
    }

    [Fact]
    public async Task Run_SetupFromTheRepositoryStartsADaemonAndWritesOutside_NothingSurvivesOrLandsAndTheLoopGoesOn()
    {
        // workspace.setup is the repository's code (on a pull request's head, the pull request's): it runs when the
        // workspace is made, before the agent, in the agent's sandbox.
        using var sandbox = await LoopSandbox.CreateAsync();
        var mark = "setup-escape-" + Guid.NewGuid().ToString("N");
        var outside = Path.Combine(sandbox.Markers, "setup-escaped.txt");
        await sandbox.CommitToRepositoryAsync("setup.sh", $"""
            echo escaped > "{outside}" 2>/dev/null || true
            (setsid env -i /bin/bash -c 'while :; do echo x >> "{outside}" 2>/dev/null; sleep 0.05; done # {mark}' > /dev/null 2>&1 &)
            """);
        var agent = sandbox.Agent("fix", Agents.Fix);
        var loop = sandbox.Loop("e2e", agent, limits: "max_iterations: 1");
        File.WriteAllText(loop, File.ReadAllText(loop).Replace("workspace:\n  base_branch: main\n", "workspace:\n  base_branch: main\n  setup: [bash, setup.sh]\n", StringComparison.Ordinal));

        try
        {
            var (exit, error) = await sandbox.RunAsync(loop);

            Assert.True(exit == ExitCodes.Success, error);
            Assert.True(await Processes.AllGoneAsync(mark, TimeSpan.FromSeconds(30)), "a process the setup started outlived it");
            Assert.False(File.Exists(outside), "the setup wrote outside the agent's tree and home");
        }
        finally
        {
            Processes.KillMarked(mark);
        }
    }

    [Fact]
    public async Task Run_CheckEmptiesTheTestWhileItRuns_NotVerified()
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        // bash reads a script as it runs it: emptied after line 4, the test ends there with status 0, 0 tests run.
        var calc = Buggy + ": > \"$(dirname \"${BASH_SOURCE[0]}\")/../tests/test_calc.sh\"\n";
        var agent = sandbox.Agent("rewrite", $"cat > src/calc.sh <<'CALC'\n{calc}CALC\n" + Agents.Usage(900, 100));
        var loop = sandbox.Loop("e2e", agent, limits: "max_iterations: 1");

        var (exit, error) = await sandbox.RunAsync(loop);

        Assert.True(exit == ExitCodes.Unverified, error);
        Assert.Contains("changed committed files", error, StringComparison.Ordinal);
        Assert.Contains("tests/test_calc.sh", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_CodePassesOnlyUnderLoopfnsProcessMark_NotVerified()
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var calc = Buggy + "if [[ -n \"${LOOPFN_PROCESS:-}\" ]]; then add() { echo $(( $1 + $2 )); }; fi\n";
        var agent = sandbox.Agent("detect", $"cat > src/calc.sh <<'CALC'\n{calc}CALC\n" + Agents.Usage(900, 100));
        var loop = sandbox.Loop("e2e", agent, limits: "max_iterations: 1");

        var (exit, error) = await sandbox.RunAsync(loop);

        Assert.True(exit == ExitCodes.Unverified, error);
    }

    [Fact]
    public async Task Run_AgentAddsGitAttributesForTheTest_GuardRejectsIt()
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var agent = sandbox.Agent("attributes", "printf 'tests/test_calc.sh text eol=crlf\\n' > .gitattributes\n" + Agents.Fix);
        var loop = sandbox.Loop("e2e", agent, limits: "max_iterations: 1\nstall_after: 0");

        var (exit, error) = await sandbox.RunAsync(loop);

        Assert.True(exit == ExitCodes.Unverified, error);
        Assert.Contains(".gitattributes: protected by '**/.gitattributes'", error, StringComparison.Ordinal);
        Assert.False(await sandbox.ExistsOnLoopBranchAsync(".gitattributes"));
    }

    // The host's loopback serves loopfn's keyless management API: a check reaches it only when its network is allowed.
    [Theory]
    [InlineData("", ExitCodes.Unverified)]
    [InlineData("\n    network: true", ExitCodes.Success)]
    public async Task Run_CodePassesOnlyIfItReachesTheHostsLoopback_OnlyWithTheChecksNetwork(string network, int expected)
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var calc = Buggy + $"if (exec 3<>/dev/tcp/127.0.0.1/{port}) 2>/dev/null; then add() {{ echo $(( $1 + $2 )); }}; fi\n";
        var agent = sandbox.Agent("reach", $"cat > src/calc.sh <<'CALC'\n{calc}CALC\n" + Agents.Usage(900, 100));
        var loop = sandbox.Loop("e2e", agent, limits: "max_iterations: 1", verify: "  - name: tests\n    command: [bash, tests/test_calc.sh]\n    timeout: 1m" + network);

        var (exit, error) = await sandbox.RunAsync(loop);

        Assert.True(exit == expected, error);
    }

    [Theory]
    [InlineData("fix", ExitCodes.Success)]
    [InlineData("shadow", ExitCodes.Unverified)]
    [InlineData("pyc", ExitCodes.Unverified)]
    public async Task Run_PythonUnittestCheck_RunsInTheSandboxAndAShadowingRunnerOrBytecodeIsRejected(string agentKind, int expected)
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        await sandbox.CommitToRepositoryAsync("pycalc.py", "def add(a, b):\n    return a - b\n");
        await sandbox.CommitToRepositoryAsync("tests/test_pycalc.py", "import unittest\nimport pycalc\n\nclass T(unittest.TestCase):\n    def test_add(self):\n        self.assertEqual(pycalc.add(2, 3), 5)\n");
        var body = agentKind switch
        {
            "fix" => "sed -i 's/a - b/a + b/' pycalc.py\n",
            // python -m unittest from the checkout imports ./unittest first: a runner that runs nothing and passes.
            "shadow" => "mkdir unittest && echo 'pass' > unittest/__init__.py && echo 'raise SystemExit(0)' > unittest/__main__.py\n",
            // Bytecode beside a source that stays wrong (its content does not matter to the guard).
            _ => "printf 'not really bytecode' > pycalc.pyc\n",
        };
        var agent = sandbox.Agent("py", body + Agents.Usage(900, 100));
        var loop = sandbox.Loop("e2e", agent, limits: "max_iterations: 1\nstall_after: 0", verify: "  - name: tests\n    command: [python3, -m, unittest, discover, -s, tests]\n    timeout: 1m");

        var (exit, error) = await sandbox.RunAsync(loop);

        Assert.True(exit == expected, error);
        if (agentKind != "fix")
        {
            // The shadowing package is refused twice over: "unittest" is a word of the check's argv, and a top-level
            // package named like the standard library's.
            Assert.True(error.Contains(agentKind == "shadow" ? "unittest/__init__.py: " : "pycalc.pyc: a compiled or binary artifact", StringComparison.Ordinal), error);
        }
    }
}
