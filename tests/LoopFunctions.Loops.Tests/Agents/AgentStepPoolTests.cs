using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Agents;
using LoopFunctions.Loops.Budget;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;
using LoopFunctions.Loops.Tests.Workspace;
using LoopFunctions.Loops.Workspace;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Loops.Tests.Agents;

/// <summary>A pooled agent step checks its hold before it spends, with a real command agent that leaves a marker when
/// it runs.</summary>
public sealed class AgentStepPoolTests : IAsyncLifetime
{
    private readonly GitSandbox _git = new();
    private string _script = "";
    private string _marker = "";

    public async Task InitializeAsync()
    {
        await _git.InitializeAsync();
        _script = Path.Combine(_git.Root, "agent.sh");
        _marker = Path.Combine(_git.Root, "ran");
        await File.WriteAllTextAsync(_script, $$$"""
            #!/usr/bin/env bash
            set -euo pipefail
            touch "{{{_marker}}}"
            echo '{"summary": "done", "usage": {"input_tokens": 100, "output_tokens": 10}}'
            """);
    }

    public Task DisposeAsync() => _git.DisposeAsync();

    [Fact]
    public async Task RunAsync_ReservationNoLongerHeld_DoesNotRunAndSaysReservationLost()
    {
        var (result, asked) = await RunAsync(held: false);

        Assert.True(result.ReservationLost);
        Assert.False(result.Succeeded);
        Assert.Equal((0L, 0), (result.Spend.TotalTokens, result.ToolCalls));
        Assert.False(File.Exists(_marker));
        Assert.Equal(["team-a local-1/1/1"], asked);
    }

    [Fact]
    public async Task RunAsync_ReservationHeld_RunsTheAgent()
    {
        var (result, _) = await RunAsync(held: true);

        Assert.True(result.Succeeded, result.Error);
        Assert.False(result.ReservationLost);
        Assert.True(File.Exists(_marker));
    }

    private async Task<(AgentStepResult Result, List<string> Asked)> RunAsync(bool held)
    {
        var workspace = await _git.PrepareAsync();
        var plan = new AgentPlan("command", ["bash", _script], "m", null, false, null, null, 1000, 10, TimeSpan.FromMinutes(1), [], 0m, 0m) { Sandbox = SandboxMode.None };
        var input = new AgentStepInput(workspace, workspace.BaseCommit, "Do it.", null, 1, plan, null) { Reservation = new PoolHold("team-a", "local-1/1/1") };
        var reader = new Reader(held);
        var result = await AgentStep.RunAsync(input, new AgentFactory(Options.Create(new LoopRunnerOptions())), new LoopRunnerOptions(), null, CancellationToken.None, reader);
        return (result, reader.Asked);
    }

    private sealed class Reader(bool held) : IBudgetPoolReader
    {
        public List<string> Asked { get; } = [];

        public Task<bool> IsHeldAsync(string pool, string id, CancellationToken cancellationToken)
        {
            Asked.Add($"{pool} {id}");
            return Task.FromResult(held);
        }
    }
}
