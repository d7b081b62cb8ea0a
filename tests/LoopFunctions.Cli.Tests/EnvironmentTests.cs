namespace LoopFunctions.Cli.Tests;

/// <summary>Processes a loop starts get an environment built from an allow-list: the host's secrets never reach the
/// agent or the checks, whatever they are called; what the loop file declares does.</summary>
public sealed class EnvironmentTests
{
    private static readonly Dictionary<string, string> HostSecrets = new()
    {
        ["DATABASE_URL"] = "postgres://u:pass@h/db",
        ["NPM_AUTH"] = "npm-secret-value",
        ["SSH_AUTH_SOCK"] = "/tmp/ssh-agent.sock",
        ["LOOP_DECLARED"] = "declared-value",
    };

    [Fact]
    public async Task Run_HostHasSecretsUnderAnyName_AgentAndChecksNeverSeeThem()
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var agent = sandbox.Agent("env", "env | sort > agent-env.txt\n" + Agents.Fix);
        var verify = "  - name: tests\n    command: [bash, tests/test_calc.sh]\n    timeout: 1m\n"
            + "  - name: clean-env\n    command: [bash, -c, 'test -z \"${DATABASE_URL:-}${NPM_AUTH:-}${SSH_AUTH_SOCK:-}\"']\n    timeout: 1m";
        var loop = sandbox.Loop("e2e", agent, limits: "max_iterations: 1", verify: verify);

        await using var cli = CliProcess.Start(HostSecrets, "run", loop, "--repo", sandbox.Repository, "--store", sandbox.Store, "--instance", "env-1");
        var exit = await cli.WaitForExitAsync(TimeSpan.FromMinutes(2));

        Assert.True(exit == 0, cli.Output);
        var seen = await sandbox.FileOnLoopBranchAsync("agent-env.txt");
        foreach (var secret in HostSecrets.Values)
        {
            Assert.DoesNotContain(secret, seen, StringComparison.Ordinal);
        }

        Assert.Contains("PATH=", seen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_LoopDeclaresAVariable_TheAgentGetsIt()
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var agent = sandbox.Agent("env", "echo \"${LOOP_DECLARED:-missing} ${DATABASE_URL:-missing}\" > agent-env.txt\n" + Agents.Fix);
        var loop = sandbox.Loop("e2e", agent, limits: "max_iterations: 1", agent: "env: [LOOP_DECLARED]");

        await using var cli = CliProcess.Start(HostSecrets, "run", loop, "--repo", sandbox.Repository, "--store", sandbox.Store, "--instance", "env-2");
        var exit = await cli.WaitForExitAsync(TimeSpan.FromMinutes(2));

        Assert.True(exit == 0, cli.Output);
        Assert.Equal("declared-value missing", (await sandbox.FileOnLoopBranchAsync("agent-env.txt")).Trim());
    }
}
