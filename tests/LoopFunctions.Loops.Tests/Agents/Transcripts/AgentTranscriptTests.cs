using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Agents;
using LoopFunctions.Loops.Agents.Contract;
using LoopFunctions.Loops.Agents.OpenAi;
using LoopFunctions.Loops.Agents.Transcripts;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;
using LoopFunctions.Loops.Tests.Workspace;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Loops.Tests.Agents.Transcripts;

/// <summary>Agent steps keep their transcripts: a command agent's stdout and stderr lines while it still runs, with
/// the loop's secret variable masked and the step's failure recorded; the openai agent's tool calls with their
/// arguments and results. The step's result (what the history holds) is unchanged.</summary>
public sealed class AgentTranscriptTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);
    private readonly GitSandbox _git = new();
    private readonly string _secretName = "LOOPFN_TRANSCRIPT_SECRET_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
    private string _store = "";
    private string _script = "";
    private string _release = "";

    public async Task InitializeAsync()
    {
        await _git.InitializeAsync();
        _store = Path.Combine(_git.Root, "transcripts");
        _script = Path.Combine(_git.Root, "agent.sh");
        _release = Path.Combine(_git.Root, "release");
        Environment.SetEnvironmentVariable(_secretName, "s3cret-value-of-the-loop");
        await File.WriteAllTextAsync(_script, $$"""
            #!/usr/bin/env bash
            set -euo pipefail
            cd "$1"
            echo "starting with ${{{_secretName}}}"
            printf '%08190d%s\n' 0 "${{{_secretName}}}"
            echo "warming up" >&2
            for _ in $(seq 1 1200); do [ -e "{{_release}}" ] && break; sleep 0.1; done
            echo changed > src/app.txt
            echo "edited src/app.txt"
            exit 3
            """);
    }

    public Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(_secretName, null);
        return _git.DisposeAsync();
    }

    [Fact]
    public async Task RunAsync_CommandAgent_StreamsItsLinesMaskedAndRecordsTheFailure()
    {
        var workspace = await _git.PrepareAsync();
        var store = new FileTranscriptStore(_store);
        var plan = new AgentPlan("command", ["bash", _script, "{workspace}"], "scripted", null, false, null, null, 1000, 10, TimeSpan.FromMinutes(2), [], 0m, 0m)
        {
            Sandbox = SandboxMode.None,
            Environment = [_secretName],
        };
        var input = new AgentStepInput(workspace, workspace.BaseCommit, "Change the app.", null, 1, plan, null);

        var step = AgentStep.RunAsync(input, new AgentFactory(Options.Create(new LoopRunnerOptions())), new LoopRunnerOptions(), new TranscriptTarget(store, "cmd-run"), CancellationToken.None);
        var live = await PollAsync(store, "cmd-run", es => es.Any(e => e.Kind == TranscriptKind.Stderr));
        var runningWhenSeen = !step.IsCompleted;
        await File.WriteAllTextAsync(_release, "go");
        var result = await step;

        Assert.True(runningWhenSeen, "the lines were readable only after the step ended");
        Assert.Contains(live, e => e.Kind == TranscriptKind.Output && e.Text == "starting with ***");
        var entries = (await store.ReadAsync("cmd-run", 1, 0, CancellationToken.None)).Entries;
        Assert.Equal(TranscriptKind.Message, entries[0].Kind);
        Assert.Contains(entries, e => e.Kind == TranscriptKind.Stderr && e.Text == "warming up");
        Assert.Contains(entries, e => e.Kind == TranscriptKind.Output && e.Text == "edited src/app.txt");
        Assert.Contains(entries, e => e.Kind == TranscriptKind.Error && e.Text.Contains("exited with code 3", StringComparison.Ordinal));
        Assert.Equal(TranscriptKind.Usage, entries[^1].Kind);
        // Not even a piece of it: the line that puts it across the old 8 KiB cut is masked whole.
        Assert.DoesNotContain("value-of-the-loop", await File.ReadAllTextAsync(Directory.GetFiles(_store, "*.jsonl", SearchOption.AllDirectories).Single()), StringComparison.Ordinal);
        Assert.False(result.Succeeded);
        Assert.DoesNotContain("warming up", result.Summary, StringComparison.Ordinal);
        // What the step returns reaches the history, the status, the logs and commits: masked like the transcript.
        Assert.Contains("exited with code 3", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-value-of-the-loop", result.Error + result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_OpenAiAgent_RecordsEachToolCallWithArgumentsAndResult()
    {
        using var workspace = new TempWorkspace();
        await using var server = await StubChatServer.StartAsync(
            StubReply.ToolCalls(100, 10, ("call_1", "write_file", new { path = "src/hello.txt", content = "hi" })),
            StubReply.ToolCalls(200, 20, ("call_2", "run_command", new { command = "echo done" })),
            StubReply.Final("Created src/hello.txt.", 300, 30));
        var store = new FileTranscriptStore(_store);
        var options = new OpenAiAgentOptions(server.OpenAiEndpoint, "test-key-abcdef", "gpt-4o-mini", false, 0.2f, 1000, 20);

        await using (var writer = await TranscriptWriter.OpenAsync(store, "openai-run", 1, new SecretMasker([options.ApiKey])))
        {
            var request = new AgentRequest(workspace.Path, "Create src/hello.txt.", null, 1, new Dictionary<string, string>(), 0, TimeSpan.FromMinutes(1), ["echo"], 0)
            {
                Transcript = writer,
            };
            var result = await new OpenAiAgent(options).RunAsync(request, CancellationToken.None);
            Assert.True(result.Succeeded, result.Error);
        }

        var entries = (await store.ReadAsync("openai-run", 1, 0, CancellationToken.None)).Entries;
        var calls = entries.Where(e => e.Kind == TranscriptKind.ToolCall).ToList();
        Assert.Equal(["write_file", "run_command"], calls.Select(c => c.Tool));
        Assert.Contains("\"src/hello.txt\"", calls[0].Text, StringComparison.Ordinal);
        Assert.Contains("echo done", calls[1].Text, StringComparison.Ordinal);
        var results = entries.Where(e => e.Kind == TranscriptKind.ToolResult).ToList();
        Assert.Contains("wrote 2 characters", results[0].Text, StringComparison.Ordinal);
        Assert.Contains("exit code 0", results[1].Text, StringComparison.Ordinal);
        Assert.Equal(3, entries.Count(e => e.Kind == TranscriptKind.Usage));
        Assert.Equal((TranscriptKind.Message, "Created src/hello.txt."), (entries[^1].Kind, entries[^1].Text));
    }

    private static async Task<IReadOnlyList<TranscriptEntry>> PollAsync(ITranscriptStore store, string instance, Func<IReadOnlyList<TranscriptEntry>, bool> done)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var entries = (await store.ReadAsync(instance, 1, 0, CancellationToken.None)).Entries;
            if (done(entries))
            {
                return entries;
            }

            Assert.True(DateTime.UtcNow < deadline, "the transcript never showed the agent's lines");
            await Task.Delay(20);
        }
    }
}
