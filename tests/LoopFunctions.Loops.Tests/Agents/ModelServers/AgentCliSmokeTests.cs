using System.Text.Json;
using LoopFunctions.Loops.Processes;
using Xunit;
using Xunit.Abstractions;
using static LoopFunctions.Loops.Tests.Agents.ModelServers.ModelAction;

namespace LoopFunctions.Loops.Tests.Agents.ModelServers;

/// <summary>
/// Each real agent CLI, run headless in a temp git repository against its test model server: it writes the scripted
/// file with its own tool, reports the server's usage, and a second run resumes the session with its history.
/// </summary>
public sealed class AgentCliSmokeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Claude_WriteThenResume_EditsFilesReportsUsageAndContinues()
    {
        await using var server = await AnthropicModelServer.StartAsync();
        using var sandbox = await AgentCliSandbox.CreateAsync();
        Script(server, sandbox);

        var first = Json(await RunAsync(server, sandbox, AgentCliCommands.Claude(server), Prompt1, "claude-run.json"));
        Assert.Equal("alpha\n", sandbox.ReadWorkspaceFile("a.txt"));
        Assert.Equal("Wrote a.txt", first.GetProperty("result").GetString());
        AssertClaudeUsage(first, server.Usage.Times(2));
        Assert.False(server.LastRequestContinuedConversation);

        var second = Json(await RunAsync(server, sandbox, AgentCliCommands.Claude(server, first.GetProperty("session_id").GetString()), Prompt2, "claude-resumed.json"));
        Assert.Equal("beta\n", sandbox.ReadWorkspaceFile("b.txt"));
        Assert.True(server.LastRequestContinuedConversation, "the resumed run sent the first run's conversation");
        Assert.Equal(first.GetProperty("session_id").GetString(), second.GetProperty("session_id").GetString());
        AssertClaudeUsage(second, server.Usage.Times(2));
        // usage counts this run; modelUsage and total_cost_usd count the whole session.
        var sessionUsage = second.GetProperty("modelUsage").GetProperty(AgentCliCommands.ClaudeModel);
        Assert.Equal(server.Usage.Times(4).Output, sessionUsage.GetProperty("outputTokens").GetInt32());
        Assert.Equal(2 * first.GetProperty("total_cost_usd").GetDecimal(), second.GetProperty("total_cost_usd").GetDecimal(), 6);
    }

    [Fact]
    public async Task Claude_NoPermissionMode_WriteIsDeniedWithRcZero()
    {
        await using var server = await AnthropicModelServer.StartAsync();
        using var sandbox = await AgentCliSandbox.CreateAsync();
        Script(server, sandbox);

        var result = Json(await RunAsync(server, sandbox, AgentCliCommands.Claude(server, acceptEdits: false), Prompt1, "claude-denied.json"));

        Assert.False(File.Exists(Path.Combine(sandbox.Workspace, "a.txt")));
        var denial = Assert.Single(result.GetProperty("permission_denials").EnumerateArray());
        Assert.Equal("Write", denial.GetProperty("tool_name").GetString());
    }

    [Fact]
    public async Task Codex_WriteThenResume_EditsFilesReportsUsageAndContinues()
    {
        await using var server = await ResponsesModelServer.StartAsync();
        using var sandbox = await AgentCliSandbox.CreateAsync();
        Script(server, sandbox);

        var first = JsonLines(await RunAsync(server, sandbox, AgentCliCommands.Codex(server), Prompt1, "codex-run.jsonl"));
        Assert.Equal("alpha\n", sandbox.ReadWorkspaceFile("a.txt"));
        Assert.False(server.LastRequestContinuedConversation);
        AssertCodexUsage(first, server.Usage.Times(2));
        var threadId = first.Single(e => Type(e) == "thread.started").GetProperty("thread_id").GetString()!;

        var second = JsonLines(await RunAsync(server, sandbox, AgentCliCommands.Codex(server, threadId), Prompt2, "codex-resumed.jsonl"));
        Assert.Equal("beta\n", sandbox.ReadWorkspaceFile("b.txt"));
        Assert.True(server.LastRequestContinuedConversation, "the resumed run sent the first run's conversation");
        // turn.completed counts the whole thread after a resume.
        AssertCodexUsage(second, server.Usage.Times(4));
    }

    [Fact]
    public async Task Codex_WorkspaceWrite_PatchIntoGitDirIsRejectedWithoutFileChangeItem()
    {
        await using var server = await ResponsesModelServer.StartAsync();
        using var sandbox = await AgentCliSandbox.CreateAsync();
        server.OnAnyPrompt(WriteFile(".git/forbidden.txt", "no\n"), Reply("Tried"));

        var events = JsonLines(await RunAsync(server, sandbox, AgentCliCommands.Codex(server, sandboxMode: "workspace-write"), Prompt1, "codex-rejected-change.jsonl"));

        Assert.False(File.Exists(Path.Combine(sandbox.Workspace, ".git", "forbidden.txt")));
        Assert.DoesNotContain(events, e => Type(e) == "item.completed" && Type(e.GetProperty("item")) == "file_change");
        Assert.Contains("patch rejected", server.ScriptedRequests[^1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Codex_WorkspaceWrite_PatchThatCannotApply_FileChangeFailed()
    {
        await using var server = await ResponsesModelServer.StartAsync();
        using var sandbox = await AgentCliSandbox.CreateAsync();
        // README.md is a file, so the patch cannot make it a folder: approved, applied, failed.
        server.OnAnyPrompt(WriteFile("README.md/child.txt", "no\n"), Reply("Tried"));

        var events = JsonLines(await RunAsync(server, sandbox, AgentCliCommands.Codex(server, sandboxMode: "workspace-write"), Prompt1, "codex-failed-change.jsonl"));

        var change = events.Last(e => Type(e) == "item.completed" && Type(e.GetProperty("item")) == "file_change").GetProperty("item");
        Assert.Equal("failed", change.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Gemini_WriteThenResume_EditsFilesReportsUsageAndContinues()
    {
        await using var server = await GeminiModelServer.StartAsync();
        using var sandbox = await AgentCliSandbox.CreateAsync();
        Script(server, sandbox);

        var first = Json(await RunAsync(server, sandbox, AgentCliCommands.Gemini(server, sandbox), Prompt1, "gemini-run.json"));
        Assert.Equal("alpha\n", sandbox.ReadWorkspaceFile("a.txt"));
        Assert.False(server.LastRequestContinuedConversation);
        AssertGeminiUsage(first, server.Usage.Times(2));
        var sessionId = first.GetProperty("session_id").GetString()!;

        var second = Json(await RunAsync(server, sandbox, AgentCliCommands.Gemini(server, sandbox, sessionId), Prompt2, "gemini-resumed.json"));
        Assert.Equal("beta\n", sandbox.ReadWorkspaceFile("b.txt"));
        Assert.True(server.LastRequestContinuedConversation, "the resumed run sent the first run's conversation");
        AssertGeminiUsage(second, server.Usage.Times(2));
    }

    [Fact]
    public async Task Opencode_WriteThenResume_EditsFilesReportsUsageAndContinues()
    {
        await using var server = await ChatCompletionsModelServer.StartAsync();
        using var sandbox = await AgentCliSandbox.CreateAsync();
        Script(server, sandbox);

        var first = JsonLines(await RunAsync(server, sandbox, AgentCliCommands.Opencode(server), Prompt1, "opencode-run.jsonl"));
        Assert.Equal("alpha\n", sandbox.ReadWorkspaceFile("a.txt"));
        Assert.False(server.LastRequestContinuedConversation);
        AssertOpencodeUsage(first, server.Usage.Times(2));
        var sessionId = first.First(e => e.TryGetProperty("sessionID", out _)).GetProperty("sessionID").GetString()!;

        var second = JsonLines(await RunAsync(server, sandbox, AgentCliCommands.Opencode(server, sessionId), Prompt2, "opencode-resumed.jsonl"));
        Assert.Equal("beta\n", sandbox.ReadWorkspaceFile("b.txt"));
        Assert.True(server.LastRequestContinuedConversation, "the resumed run sent the first run's conversation");
        AssertOpencodeUsage(second, server.Usage.Times(2));
    }

    private static void AssertGeminiUsage(JsonElement result, ServerUsage expected)
    {
        var tokens = result.GetProperty("stats").GetProperty("models").GetProperty(AgentCliCommands.GeminiModel).GetProperty("tokens");
        Assert.Equal(expected.Input, tokens.GetProperty("prompt").GetInt32());
        Assert.Equal(expected.Cached, tokens.GetProperty("cached").GetInt32());
        Assert.Equal(expected.Output, tokens.GetProperty("candidates").GetInt32());
    }

    private static void AssertOpencodeUsage(IReadOnlyList<JsonElement> events, ServerUsage expected)
    {
        var steps = events.Where(e => Type(e) == "step_finish").Select(e => e.GetProperty("part").GetProperty("tokens")).ToList();
        Assert.Equal(expected.Input, steps.Sum(t => t.GetProperty("input").GetInt32() + t.GetProperty("cache").GetProperty("read").GetInt32()));
        Assert.Equal(expected.Cached, steps.Sum(t => t.GetProperty("cache").GetProperty("read").GetInt32()));
        Assert.Equal(expected.Output, steps.Sum(t => t.GetProperty("output").GetInt32()));
    }

    private static void AssertCodexUsage(IReadOnlyList<JsonElement> events, ServerUsage expected)
    {
        var usage = events.Last(e => Type(e) == "turn.completed").GetProperty("usage");
        Assert.Equal(expected.Input, usage.GetProperty("input_tokens").GetInt32());
        Assert.Equal(expected.Cached, usage.GetProperty("cached_input_tokens").GetInt32());
        Assert.Equal(expected.Output, usage.GetProperty("output_tokens").GetInt32());
    }

    private static string? Type(JsonElement e) => e.TryGetProperty("type", out var type) ? type.GetString() : null;

    private static List<JsonElement> JsonLines(ProcessRunResult result) =>
        [.. result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    private const string Prompt1 = "Create a.txt. [turn-1]";
    private const string Prompt2 = "Now create b.txt. [turn-2]";

    private static void Script(ModelServer server, AgentCliSandbox sandbox)
    {
        server.WorkingDirectory = sandbox.Workspace;
        server.OnPrompt("[turn-1]", WriteFile("a.txt", "alpha\n"), Reply("Wrote a.txt"))
            .OnPrompt("[turn-2]", WriteFile("b.txt", "beta\n"), Reply("Wrote b.txt"));
    }

    private static void AssertClaudeUsage(JsonElement result, ServerUsage expected)
    {
        var usage = result.GetProperty("usage");
        Assert.Equal(expected.Input - expected.Cached, usage.GetProperty("input_tokens").GetInt32());
        Assert.Equal(expected.Cached, usage.GetProperty("cache_read_input_tokens").GetInt32());
        Assert.Equal(expected.Output, usage.GetProperty("output_tokens").GetInt32());
    }

    private static JsonElement Json(ProcessRunResult result) => JsonDocument.Parse(result.StandardOutput).RootElement.Clone();

    private async Task<ProcessRunResult> RunAsync(ModelServer server, AgentCliSandbox sandbox, AgentCliInvocation invocation, string prompt, string sample)
    {
        var result = await sandbox.RunAsync(invocation.Argv, prompt, invocation.Environment);
        output.WriteLine($"$ {string.Join(' ', invocation.Argv.Skip(1))}\nrc={result.ExitCode} in {result.Elapsed.TotalSeconds:F1} s\n--- stdout\n{result.StandardOutput}\n--- stderr\n{result.StandardError}");
        foreach (var request in server.Requests)
        {
            output.WriteLine($"--- {request.Method} {request.Path}{request.QueryString} scripted={request.Scripted} ({request.Body.Length} chars)");
        }

        // Set to a folder to refresh the samples under TestData/agent-cli-output.
        if (System.Environment.GetEnvironmentVariable("LOOPFN_SAVE_AGENT_CLI_OUTPUT") is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, sample), result.StandardOutput);
            var files = Directory.EnumerateFiles(sandbox.Root, "*", SearchOption.AllDirectories)
                .Where(f => !f.Contains("/.git/", StringComparison.Ordinal)).Select(f => Path.GetRelativePath(sandbox.Root, f)).Order();
            File.WriteAllLines(Path.Combine(dir, sample + ".files.txt"), files);
            var requests = server.Requests;
            for (var i = 0; i < requests.Count; i++)
            {
                File.WriteAllText(Path.Combine(dir, $"{sample}.request{i}.json"), JsonSerializer.Serialize(requests[i]));
            }
        }

        Assert.False(result.TimedOut, "the CLI timed out");
        Assert.True(result.ExitCode == 0, $"rc {result.ExitCode}: {result.StandardError}");
        return result;
    }
}
