using System.Net;
using System.Net.Sockets;

namespace LoopFunctions.Cli.Tests;

/// <summary>Command agents run confined: only their workspace is writable, nothing they commit points outside it, and
/// the network is theirs only when the loop file says so.</summary>
public sealed class SandboxTests
{
    [Fact]
    public async Task Run_AgentWritesOutsideItsWorkspaceAndLinksOut_NothingLandsOutsideAndNoLinkIsCommitted()
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var name = "outside-" + Guid.NewGuid().ToString("N") + ".txt";
        var home = Environment.GetEnvironmentVariable("HOME") ?? "/root";
        var agent = sandbox.Agent("escape", $"""
            for target in "../{name}" "../../{name}" "../../../{name}" "{sandbox.Root}/{name}" "$HOME/{name}" "{home}/{name}"; do
              echo escaped > "$target" 2>/dev/null || true
            done
            ln -s /etc/hostname leak.txt
            ln -s ../../.. up
            """ + "\n" + Agents.Fix);
        var loop = sandbox.Loop("e2e", agent, limits: "max_iterations: 1");

        try
        {
            var (exit, error) = await sandbox.RunAsync(loop);

            // The agent's "up" link points back at the store, so the walk must not follow links or it loops.
            var walk = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint };
            var escaped = Directory.EnumerateFiles(sandbox.Root, name, walk)
                .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) is not ("tree" or "home")) // the agent's own workspace and home
                .Concat(File.Exists(Path.Combine(home, name)) ? [Path.Combine(home, name)] : []);
            Assert.Empty(escaped);
            Assert.NotEqual(0, exit);
            Assert.Contains("leak.txt: a symbolic link", error, StringComparison.Ordinal);
            Assert.False(await sandbox.ExistsOnLoopBranchAsync("leak.txt"));
            Assert.False(await sandbox.ExistsOnLoopBranchAsync("up"));
        }
        finally
        {
            File.Delete(Path.Combine(home, name));
        }
    }

    [Fact]
    public async Task Run_AgentTriesToRewriteProtectedFiles_TheyAreReadOnlyInItsSandbox()
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        await sandbox.CommitToRepositoryAsync("run_tests.sh", "#!/usr/bin/env bash\nexec bash tests/test_calc.sh\n", executable: true);
        var agent = sandbox.Agent("tamper", """
            for f in tests/test_calc.sh run_tests.sh; do
              if (echo 'exit 0' > "$f") 2>/dev/null || rm -f "$f" 2>/dev/null; then echo "$f changed" >> attempts.txt; else echo "$f refused" >> attempts.txt; fi
            done
            """ + "\n" + Agents.Fix);
        var loop = sandbox.Loop("e2e", agent, limits: "max_iterations: 1", verify: "  - name: tests\n    command: [bash, run_tests.sh]\n    timeout: 1m");

        var (exit, error) = await sandbox.RunAsync(loop);

        Assert.True(exit == 0, error);
        Assert.Equal("tests/test_calc.sh refused\nrun_tests.sh refused\n", await sandbox.FileOnLoopBranchAsync("attempts.txt"));
    }

    [Fact]
    public async Task Run_AgentScriptNamedThroughDotDot_RunsInItsSandbox()
    {
        // The way the demo names its agent ("{loop_dir}/../scripted-agent/..."): the folder before ".." is not
        // part of the sandbox when the loop lives under a hidden folder such as /tmp.
        using var sandbox = await LoopSandbox.CreateAsync();
        var script = sandbox.Agent("fix", Agents.Fix);
        var roundabout = Path.Combine(Path.GetDirectoryName(script)!, "calc", "..", Path.GetFileName(script));
        var loop = sandbox.Loop("e2e", roundabout, limits: "max_iterations: 1");

        var (exit, error) = await sandbox.RunAsync(loop);

        Assert.True(exit == 0, error);
    }

    [Theory]
    [InlineData("", "blocked")]
    [InlineData("network: true", "connected")]
    public async Task Run_AgentOpensAConnection_OnlyWhenTheLoopAllowsTheNetwork(string agentKeys, string expected)
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var agent = sandbox.Agent("net", $"""
            if (exec 3<>/dev/tcp/127.0.0.1/{port}) 2>/dev/null; then echo connected > net.txt; else echo blocked > net.txt; fi
            """ + "\n" + Agents.Fix);
        var loop = sandbox.Loop("e2e", agent, limits: "max_iterations: 1", agent: agentKeys);

        var (exit, error) = await sandbox.RunAsync(loop);

        Assert.True(exit == 0, error);
        Assert.Equal(expected, (await sandbox.FileOnLoopBranchAsync("net.txt")).Trim());
    }
}
