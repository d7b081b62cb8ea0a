using DurableTask.Core.History;
using LoopFunctions.Host.Tests.TestSupport;
using LoopFunctions.Loops.Orchestration;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace LoopFunctions.Host.Tests.EndToEnd;

/// <summary>A command agent (a real process in the real host and engine) that changes nothing in its first iteration
/// and, told so, fixes the code in its second: the first iteration is neither guarded, verified nor committed.</summary>
public sealed class UnchangedTreeEndToEndTests : IAsyncLifetime
{
    private HostSandbox _sandbox = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await HostSandbox.CreateAsync();
        await File.WriteAllTextAsync(_sandbox.AgentScript, $$"""
            #!/usr/bin/env bash
            set -euo pipefail
            cd "$1"
            if grep -q 'changed nothing' "$2"; then
            {{LoopFiles.FixAgent}}
            else
              echo '{"summary": "read the tests, changed nothing"}'
            fi

            """);
        _sandbox.WriteLoop("idle-first", LoopFiles.Quick(_sandbox.Repository, _sandbox.AgentScript));
        await _sandbox.StartHostAsync();
    }

    public Task DisposeAsync() => _sandbox.DisposeAsync().AsTask();

    [Fact]
    public async Task Loop_FirstAgentChangesNothing_OnlyTheSecondIterationIsVerified()
    {
        var id = (await _sandbox.StartLoopAsync("idle-first", "idle-first-1"))["id"]!.ToString();
        await _sandbox.WaitForEndAsync(id);

        var client = _sandbox.App!.Services.GetRequiredService<DurableTaskClient>();
        var metadata = await client.GetInstanceAsync(id, getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, metadata!.RuntimeStatus);
        var result = metadata.ReadOutputAs<LoopResult>()!;
        Assert.Equal(LoopOutcome.Verified, result.Outcome);
        Assert.Equal(2, result.Iterations.Count);
        var first = result.Iterations[0];
        Assert.True(first.TreeUnchanged);
        Assert.Equal("the agent changed nothing in the workspace", first.AgentError);
        Assert.Null(first.Verification);
        Assert.Null(first.Commit);
        Assert.True(result.Iterations[1].Verification!.Passed);
        Assert.NotNull(result.Iterations[1].Commit);

        // The history: the baseline's checks, then two agent steps back to back, and only the second one checked.
        var steps = (await client.GetOrchestrationHistoryAsync(id)).OfType<TaskScheduledEvent>().Select(e => e.Name).ToList();
        Assert.Equal(
            [LoopActivityNames.LoadPlan, LoopActivityNames.PrepareWorkspace, LoopActivityNames.Verify, LoopActivityNames.RunAgent, LoopActivityNames.RunAgent, LoopActivityNames.Guard, LoopActivityNames.Verify, LoopActivityNames.Commit],
            steps.Take(8));
        Assert.Equal(1, steps.Count(s => s == LoopActivityNames.Guard));

        // The dashboard's timeline marks the iteration, and its diff says it made no commit.
        using (var timeline = await _sandbox.Http.GetAsync($"/api/dashboard/instances/{id}/timeline"))
        {
            var entries = System.Text.Json.Nodes.JsonNode.Parse(await timeline.Content.ReadAsStringAsync())!.AsArray();
            Assert.Equal([true, false], entries.Select(e => (bool)e!["unchanged"]!));
            Assert.Null(entries[0]!["commit"]);
            Assert.Null(entries[0]!["passed"]);
        }

        using var response = await _sandbox.Http.GetAsync($"/api/dashboard/instances/{id}/iterations/1/diff");
        var diff = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Iteration 1 made no commit.", diff["note"]!.ToString());
        Assert.Empty(diff["files"]!.AsArray());
    }
}
