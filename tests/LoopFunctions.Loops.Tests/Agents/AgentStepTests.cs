using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Agents;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;
using LoopFunctions.Loops.Tests.Workspace;
using LoopFunctions.Loops.Workspace;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Loops.Tests.Agents;

/// <summary>The agent step executed more than once, as an at-least-once engine may: a duplicate of a finished step
/// must neither run the agent again nor reset the tree under the run's next step.</summary>
public sealed class AgentStepTests : IAsyncLifetime
{
    private readonly GitSandbox _git = new();
    private string _calls = "";
    private string _script = "";

    public async Task InitializeAsync()
    {
        await _git.InitializeAsync();
        _calls = Path.Combine(_git.Root, "calls.log");
        _script = Path.Combine(_git.Root, "agent.sh");
        await File.WriteAllTextAsync(_script, $"""
            #!/usr/bin/env bash
            set -euo pipefail
            echo call >> "{_calls}"
            cd "$1"
            echo changed > src/app.txt
            echo '{"{"}"summary": "changed app", "usage": {"{"}"input_tokens": 10, "output_tokens": 5{"}"}{"}"}'
            """);
    }

    public Task DisposeAsync() => _git.DisposeAsync();

    [Fact]
    public async Task RunAsync_SameStepExecutedAgain_ReturnsTheRecordedResultWithoutRunningTheAgent()
    {
        var workspace = await _git.PrepareAsync();
        var input = Input(workspace, iteration: 1);
        var agents = new AgentFactory(Options.Create(new LoopRunnerOptions()));

        var first = await AgentStep.RunAsync(input, agents, new LoopRunnerOptions(), CancellationToken.None);
        var again = await AgentStep.RunAsync(input, agents, new LoopRunnerOptions(), CancellationToken.None);

        Assert.True(first.Succeeded, first.Error);
        Assert.Equal(first, again);
        Assert.Single(await File.ReadAllLinesAsync(_calls));
        Assert.Equal("changed\n", await File.ReadAllTextAsync(Path.Combine(new RunFolder(workspace.Path).Tree, "src/app.txt")));
    }

    [Fact]
    public async Task RunAsync_NextIteration_RunsTheAgentAgain()
    {
        var workspace = await _git.PrepareAsync();
        var agents = new AgentFactory(Options.Create(new LoopRunnerOptions()));

        await AgentStep.RunAsync(Input(workspace, iteration: 1), agents, new LoopRunnerOptions(), CancellationToken.None);
        await AgentStep.RunAsync(Input(workspace, iteration: 2), agents, new LoopRunnerOptions(), CancellationToken.None);

        Assert.Equal(2, (await File.ReadAllLinesAsync(_calls)).Length);
    }

    [Fact]
    public async Task RunAsync_CommandAgentChangesNothing_ReportsTheTreeUnchanged()
    {
        var workspace = await _git.PrepareAsync();
        var agents = new AgentFactory(Options.Create(new LoopRunnerOptions()));
        var changed = await AgentStep.RunAsync(Input(workspace, iteration: 1), agents, new LoopRunnerOptions(), CancellationToken.None);
        await File.WriteAllTextAsync(_script, "#!/usr/bin/env bash\necho '{\"summary\": \"read the code, changed nothing\"}'\n");

        // Iteration 2 starts again on the base commit: the reset undoes iteration 1's edit, and this agent makes none.
        var unchanged = await AgentStep.RunAsync(Input(workspace, iteration: 2), agents, new LoopRunnerOptions(), CancellationToken.None);

        Assert.False(changed.TreeUnchanged);
        Assert.True(unchanged.TreeUnchanged);
        // A command agent is not blamed for it (a CLI is): the orchestrator records that it changed nothing.
        Assert.True(unchanged.Succeeded, unchanged.Error);
        Assert.Null(unchanged.Error);
    }

    [Fact]
    public async Task AcquireAsync_FolderHeld_WaitsUntilReleased()
    {
        var folder = new RunFolder((await _git.PrepareAsync()).Path);
        var first = await RunLock.AcquireAsync(folder, CancellationToken.None);

        var second = RunLock.AcquireAsync(folder, CancellationToken.None);
        var raced = await Task.WhenAny(second, Task.Delay(300));
        first.Dispose();
        using var held = await second.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.NotSame(second, raced);
    }

    private AgentStepInput Input(WorkspaceInfo workspace, int iteration) => new(
        workspace,
        workspace.BaseCommit,
        "Change the app.",
        null,
        iteration,
        new AgentPlan("command", ["bash", _script, "{workspace}", "{prompt_file}"], "scripted", null, false, null, null, 1000, 10, TimeSpan.FromMinutes(1), [], 0m, 0m) { Sandbox = SandboxMode.None },
        null);
}
