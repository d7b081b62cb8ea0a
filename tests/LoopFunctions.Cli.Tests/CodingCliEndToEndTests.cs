using System.Net;
using System.Net.Sockets;
using LoopFunctions.Loops.Tests.Agents.ModelServers;

namespace LoopFunctions.Cli.Tests;

/// <summary>
/// The four real coding CLIs (installed by <c>./test.sh</c> under <c>.tools/agents</c>) as loop agents through the
/// real <c>loopfn run</c>: in the bubblewrap sandbox, behind the egress proxy, against model servers on 127.0.0.1 that
/// speak each CLI's wire API and make the edit with the CLI's own tool.
/// </summary>
public sealed class CodingCliEndToEndTests
{
    public static TheoryData<string> Kinds => ["claude", "codex", "gemini", "opencode"];

    private static readonly TimeSpan RunDeadline = TimeSpan.FromMinutes(6);

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Run_CliFixesInItsSecondResumedSession_VerifiedWithTheEditCommittedAndItsOwnUsage(string kind)
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var run = new CodingCliRun(sandbox, kind);
        await using var server = await CodingCliRun.StartServerAsync(kind);
        server.WorkingDirectory = run.WorkingDirectory;
        // Iteration 1 leaves notes, not the fix; a real Claude Code refuses to overwrite a file changed since it last
        // wrote it (the loop resets the tree) until it reads it again, which a scripted model does not do.
        ModelAction[] fix = kind == "claude"
            ? [ModelAction.ReadFile("src/calc.sh"), ModelAction.WriteFile("src/calc.sh", CodingCliRun.Fixed), ModelAction.Reply("add now adds.")]
            : [ModelAction.WriteFile("src/calc.sh", CodingCliRun.Fixed), ModelAction.Reply("add now adds.")];
        server.OnPrompt("This is iteration 1.", ModelAction.WriteFile("NOTES.md", "add subtracts\n"), ModelAction.Reply("Looked at add."))
            .OnPrompt("This is iteration 2, continuing this session", fix);

        await using var process = run.Start(run.Loop(server.CliBaseUrl));
        var exit = await process.WaitForExitAsync(RunDeadline);

        Assert.True(exit == ExitCodes.Success, process.Output + "\nlast model request: " + server.Requests.LastOrDefault()?.Body);
        Assert.True(server.LastRequestContinuedConversation, "iteration 2 continued the session of iteration 1");
        Assert.Equal(CodingCliRun.Fixed, await sandbox.FileOnLoopBranchAsync("src/calc.sh"));
        var result = await run.ResultAsync();
        Assert.Equal(2, result.Iterations.Count);
        foreach (var (iteration, calls) in result.Iterations.Zip([2, fix.Length]))
        {
            // Each scripted model call reports the server's usage (1,234 in of which 789 cached, 56 out); codex's
            // cumulative count after the resume is charged as the turn's own share.
            Assert.Equal((1234L * calls, 56L * calls, 789L * calls), (iteration.Spend.InputTokens, iteration.Spend.OutputTokens, iteration.Spend.CachedInputTokens));
            Assert.Null(iteration.AgentError);
            Assert.DoesNotContain(iteration.DeniedConnections, d => d.EndsWith($":{server.BaseUri.Port}", StringComparison.Ordinal));
        }

        // Each iteration's transcript holds the CLI's tool calls, read from its own events while it ran.
        var transcripts = Transcripts.TranscriptPrinter.ForStore(sandbox.Store);
        foreach (var n in new[] { 1, 2 })
        {
            var entries = (await transcripts.ReadAsync(run.Instance, n, 0, CancellationToken.None)).Entries;
            Assert.Contains(entries, e => e.Kind == Loops.Agents.Transcripts.TranscriptKind.ToolCall);
        }

        Assert.Empty(run.ProcessesInTree());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Run_CliEditOutsideTheWorkspace_IsAnAgentErrorAndNothingEscapes(string kind)
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var run = new CodingCliRun(sandbox, kind);
        var outside = Path.Combine(sandbox.Root, "outside.txt");
        await using var server = await CodingCliRun.StartServerAsync(kind);
        server.WorkingDirectory = run.WorkingDirectory;
        server.OnAnyPrompt(ModelAction.WriteFile(outside, "escaped\n"), ModelAction.Reply("Done."));

        await using var process = run.Start(run.Loop(server.CliBaseUrl, limits: "max_iterations: 1"));
        var exit = await process.WaitForExitAsync(RunDeadline);

        Assert.True(exit == ExitCodes.Unverified, process.Output);
        Assert.False(File.Exists(outside), "the write outside the workspace reached the host");
        var iteration = Assert.Single((await run.ResultAsync()).Iterations);
        Assert.NotNull(iteration.AgentError);
        Assert.Contains("agent error:", process.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Run_StepPastItsTimeout_CliKilledWithEveryProcessItStarted(string kind)
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var run = new CodingCliRun(sandbox, kind);
        using var silent = new TcpListener(IPAddress.Loopback, 0); // accepts and never answers
        silent.Start();
        var endpoint = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}{(kind is "codex" or "opencode" ? "/v1" : "")}";

        await using var process = run.Start(run.Loop(endpoint, limits: "max_iterations: 1", agent: "timeout: 8s"));
        var exit = await process.WaitForExitAsync(RunDeadline);

        Assert.True(exit == ExitCodes.Unverified, process.Output);
        var iteration = Assert.Single((await run.ResultAsync()).Iterations);
        Assert.Contains("timed out", iteration.AgentError, StringComparison.Ordinal);
        Assert.Empty(run.ProcessesInTree());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Run_InterruptedWhileTheCliRuns_NoCliProcessOutlivesIt(string kind)
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var run = new CodingCliRun(sandbox, kind);
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var endpoint = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}{(kind is "codex" or "opencode" ? "/v1" : "")}";
        await using var process = run.Start(run.Loop(endpoint, limits: "max_iterations: 1", agent: "timeout: 10m"));

        await WaitUntilAsync(() => run.ProcessesInTree().Count > 0, "the CLI to start in the run's tree", process);
        await process.SignalAsync("TERM");
        await process.WaitForExitAsync(RunDeadline);

        await WaitUntilAsync(() => run.ProcessesInTree().Count == 0, "every process in the run's tree to be gone", process);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Run_EndpointNotInTheNetworkList_RefusedByTheProxyAndRecorded(string kind)
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var run = new CodingCliRun(sandbox, kind);
        await using var server = await CodingCliRun.StartServerAsync(kind);
        server.WorkingDirectory = run.WorkingDirectory;
        server.OnAnyPrompt(ModelAction.WriteFile("src/calc.sh", CodingCliRun.Fixed), ModelAction.Reply("Fixed."));
        using var other = new TcpListener(IPAddress.Loopback, 0);
        other.Start();

        await using var process = run.Start(run.Loop(server.CliBaseUrl, limits: "max_iterations: 1", agent: $"timeout: 30s\nnetwork: [\"127.0.0.1:{((IPEndPoint)other.LocalEndpoint).Port}\"]"));
        var exit = await process.WaitForExitAsync(RunDeadline);

        Assert.True(exit == ExitCodes.Unverified, process.Output);
        Assert.Empty(server.ScriptedRequests);
        var iteration = Assert.Single((await run.ResultAsync()).Iterations);
        Assert.NotNull(iteration.AgentError);
        Assert.Contains($"127.0.0.1:{server.BaseUri.Port}", iteration.DeniedConnections);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what, CliProcess process)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"waited 2 min for {what}:\n{process.Output}");
            }

            await Task.Delay(100);
        }
    }
}
