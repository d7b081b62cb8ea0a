using LoopFunctions.Loops.Agents;
using LoopFunctions.Loops.Agents.CodingClis;

namespace LoopFunctions.Loops.Tests.Agents.CodingClis;

/// <summary>Each CLI's reader on the real output of that CLI (saved from runs against the test model servers, under
/// TestData/agent-cli-output): tokens with their cached part, the CLI's own cost, the session, the tool calls, and the
/// refused or failed edits that a CLI reports while still exiting 0.</summary>
public sealed class CliOutputReaderTests
{
    private static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "agent-cli-output", name));

    [Fact]
    public void Read_ClaudeRun_CountsCacheAsInputAndKeepsItsCostAndSession()
    {
        var report = new ClaudeCodeCli().Read(Sample("claude-run.json"), null);

        Assert.NotNull(report.Usage);
        Assert.True(report.Usage.CachedInputTokens > 0);
        Assert.True(report.Usage.InputTokens > report.Usage.CachedInputTokens);
        Assert.True(report.Usage.OutputTokens > 0);
        Assert.True(report.CostUsd > 0);
        Assert.False(string.IsNullOrEmpty(report.SessionId));
        Assert.Empty(report.Problems);
        Assert.Null(report.UsageProblem);
    }

    [Fact]
    public void Read_ClaudeWriteDenied_ReportsThePermissionDenial()
    {
        var report = new ClaudeCodeCli().Read(Sample("claude-denied.json"), null);

        Assert.Equal(new TokenUsage(890 + 1578, 112) { CachedInputTokens = 1578 }, report.Usage);
        var denial = Assert.Single(report.Problems);
        Assert.StartsWith("permission denied: Write ", denial, StringComparison.Ordinal);
        Assert.EndsWith("a.txt", denial, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ClaudeResumed_ChargesOnlyThisRunsShareOfTheSessionsCost()
    {
        var cli = new ClaudeCodeCli();
        var first = cli.Read(Sample("claude-run.json"), null);
        var previous = new CliSession("claude", first.SessionId!, first.Usage!, first.SessionCostUsd);

        var second = cli.Read(Sample("claude-resumed.json"), previous);

        Assert.Equal(first.SessionId, second.SessionId);
        // The CLI prints binary floating point: 2 x 0.0048234 comes back as 0.0096467999...
        Assert.InRange(second.CostUsd!.Value, first.CostUsd!.Value - 1e-12m, first.CostUsd.Value + 1e-12m);
        Assert.InRange(second.SessionCostUsd!.Value, (2 * first.CostUsd.Value) - 1e-12m, (2 * first.CostUsd.Value) + 1e-12m);
        Assert.Equal(first.Usage, second.Usage);
    }

    [Fact]
    public void Read_ClaudeStreamJson_ReadsToolCallsFromAssistantEventsAndTheResultLine()
    {
        const string Stream = """
            {"type":"system","subtype":"init","session_id":"s-1","model":"claude-sonnet-4-5"}
            {"type":"assistant","message":{"content":[{"type":"tool_use","name":"Write","input":{"file_path":"a","content":"b"}}]},"session_id":"s-1"}
            {"type":"user","message":{"content":[{"type":"tool_result","content":"ok"}]},"session_id":"s-1"}
            {"type":"assistant","message":{"content":[{"type":"text","text":"done"}]},"session_id":"s-1"}
            {"type":"result","subtype":"success","is_error":false,"result":"done","session_id":"s-1","total_cost_usd":0.01,"usage":{"input_tokens":10,"cache_creation_input_tokens":5,"cache_read_input_tokens":100,"output_tokens":7}}
            """;

        var report = new ClaudeCodeCli().Read(Stream, null);

        Assert.Equal(("done", "s-1", 0.01m), (report.Summary, report.SessionId, report.CostUsd));
        Assert.Equal(["Write"], report.ToolCalls);
        Assert.Equal(new TokenUsage(115, 7) { CachedInputTokens = 100 }, report.Usage);
    }

    [Fact]
    public void Read_CodexResumed_ChargesOnlyThisTurnsShareOfTheThreadsCumulativeUsage()
    {
        var cli = new CodexCli();
        var first = cli.Read(Sample("codex-run.jsonl"), null);
        var previous = new CliSession("codex", first.SessionId!, first.SessionUsage!);

        var second = cli.Read(Sample("codex-resumed.jsonl"), previous);

        Assert.Equal(new TokenUsage(2468, 112) { CachedInputTokens = 1578 }, first.Usage);
        Assert.Equal(first.SessionId, second.SessionId);
        Assert.Equal(new TokenUsage(4936, 224) { CachedInputTokens = 3156 }, second.SessionUsage);
        Assert.Equal(new TokenUsage(2468, 112) { CachedInputTokens = 1578 }, second.Usage);
        Assert.Equal("Wrote b.txt", second.Summary);
        Assert.Equal(["file_change"], second.ToolCalls);
    }

    [Fact]
    public void Read_CodexFileChangeFailed_ReportsItWithThePath()
    {
        var report = new CodexCli().Read(Sample("codex-failed-change.jsonl"), null);

        var problem = Assert.Single(report.Problems);
        Assert.StartsWith("file change failed: ", problem, StringComparison.Ordinal);
        Assert.Contains("child.txt", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GeminiRun_ReadsPromptCachedAndCandidatesFromItsModelStats()
    {
        var report = new GeminiCli().Read(Sample("gemini-run.json"), null);

        Assert.Equal(new TokenUsage(2468, 112) { CachedInputTokens = 1578 }, report.Usage);
        Assert.Equal(["write_file"], report.ToolCalls);
        Assert.Equal("Wrote a.txt", report.Summary);
        Assert.False(string.IsNullOrEmpty(report.SessionId));
        Assert.Null(report.CostUsd);
    }

    [Fact]
    public void Read_OpenCodeRun_SumsItsStepsAndAddsBackCacheAndReasoning()
    {
        var report = new OpenCodeCli().Read(Sample("opencode-run.jsonl"), null);

        Assert.Equal(new TokenUsage(2 * (445 + 789), 2 * 56) { CachedInputTokens = 2 * 789 }, report.Usage);
        Assert.Equal(["write"], report.ToolCalls);
        Assert.Equal("Wrote a.txt", report.Summary);
        Assert.StartsWith("ses_", report.SessionId, StringComparison.Ordinal);
        Assert.Equal(2 * 0.0009515m, report.CostUsd);
    }

    [Theory]
    [InlineData("claude", """{"type":"result","result":"x","usage":{"input_tokens":-5,"output_tokens":1}}""")]
    [InlineData("codex", """{"type":"turn.completed","usage":{"input_tokens":1.5,"output_tokens":1}}""")]
    [InlineData("gemini", """{"session_id":"s","stats":{"models":{"m":{"tokens":{"prompt":"lots","candidates":1}}}}}""")]
    [InlineData("opencode", """{"type":"step_finish","part":{"tokens":{"input":1e40,"output":1},"cost":0}}""")]
    public void Read_ImpossibleCounts_AreAUsageProblemNotAZero(string kind, string output)
    {
        var report = CodingCliCatalog.Find(kind)!.Read(output, null);

        Assert.NotNull(report.UsageProblem);
    }

    [Fact]
    public void Read_OutputWithNoJson_IsAnEmptyReport()
    {
        foreach (var cli in CodingCliCatalog.All.Values)
        {
            var report = cli.Read("Error: something broke\nat line 3\n", null);

            Assert.Null(report.Usage);
            Assert.Null(report.SessionId);
            Assert.Empty(report.ToolCalls);
        }
    }
}
