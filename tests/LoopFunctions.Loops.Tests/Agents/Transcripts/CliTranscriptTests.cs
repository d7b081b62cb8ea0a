using LoopFunctions.Loops.Agents.Transcripts;

namespace LoopFunctions.Loops.Tests.Agents.Transcripts;

/// <summary>Each coding CLI's saved real output (TestData/agent-cli-output) read line by line, as it streams, into
/// transcript entries: its tool calls with their arguments, its messages and its usage.</summary>
public sealed class CliTranscriptTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("loopfn-transcripts-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("codex", "codex-run.jsonl", "file_change", "Wrote a.txt")]
    [InlineData("opencode", "opencode-run.jsonl", "write", null)]
    [InlineData("gemini", "gemini-run.json", "write_file", "Wrote a.txt")]
    public async Task Line_SavedCliOutput_RecordsToolCallsMessagesAndUsage(string kind, string sample, string tool, string? message)
    {
        var stdout = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "agent-cli-output", sample));
        var store = new FileTranscriptStore(_root);
        await using (var writer = await TranscriptWriter.OpenAsync(store, kind, 1, SecretMasker.Shapes))
        {
            var events = new CliTranscript(kind, writer);
            foreach (var line in stdout.Split('\n'))
            {
                events.Line(line);
            }

            events.Complete(stdout);
        }

        var entries = (await store.ReadAsync(kind, 1, 0, CancellationToken.None)).Entries;
        Assert.Contains(entries, e => e.Kind == TranscriptKind.ToolCall && e.Tool == tool);
        Assert.Contains(entries, e => e.Kind == TranscriptKind.Usage);
        Assert.DoesNotContain(entries, e => e.Kind == TranscriptKind.Output);
        if (message is not null)
        {
            Assert.Contains(entries, e => e.Kind == TranscriptKind.Message && e.Text == message);
        }
    }

    [Fact]
    public async Task Line_ClaudeStreamJson_RecordsTheToolUseAndItsResult()
    {
        var store = new FileTranscriptStore(_root);
        await using (var writer = await TranscriptWriter.OpenAsync(store, "claude", 1, SecretMasker.Shapes))
        {
            var events = new CliTranscript("claude", writer);
            events.Line("""{"type":"system","subtype":"init","model":"claude-sonnet-4-5","session_id":"s1"}""");
            events.Line("""{"type":"assistant","message":{"content":[{"type":"text","text":"Writing it."},{"type":"tool_use","id":"t1","name":"Write","input":{"file_path":"a.txt","content":"alpha"}}]}}""");
            events.Line("""{"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"t1","content":"File created"}]}}""");
            events.Line("not json: a warning");
            events.Line("""{"type":"result","result":"Done","usage":{"input_tokens":10,"output_tokens":2},"total_cost_usd":0.01}""");
        }

        var entries = (await store.ReadAsync("claude", 1, 0, CancellationToken.None)).Entries;
        Assert.Equal(
            [TranscriptKind.Message, TranscriptKind.Message, TranscriptKind.ToolCall, TranscriptKind.ToolResult, TranscriptKind.Output, TranscriptKind.Usage],
            entries.Select(e => e.Kind));
        Assert.Equal("Write", entries[2].Tool);
        Assert.Contains("\"file_path\":\"a.txt\"", entries[2].Text, StringComparison.Ordinal);
        Assert.Equal("File created", entries[3].Text);
        Assert.Contains("total_cost_usd", entries[5].Text, StringComparison.Ordinal);
    }
}
