using LoopFunctions.Cli;
using LoopFunctions.Host.Tests.TestSupport;

namespace LoopFunctions.Host.Tests.Cli;

/// <summary><c>loopfn start|status|wait|list|approve|...</c> against a real host over HTTP.</summary>
public sealed class RemoteCommandsTests : IAsyncLifetime
{
    private const string Key = "cli-key-0123456789abcdef";
    private HostSandbox _sandbox = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await HostSandbox.CreateAsync();
        _sandbox.WriteQuickAndGatedLoops();
        await _sandbox.StartHostAsync(new Dictionary<string, string?> { ["LoopFunctions:Keys"] = Key }, key: Key);
    }

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task StartWait_VerifiedLoop_ExitsZero()
    {
        var (code, output, _) = await RunAsync("start", "quick", "--instance", "cli-quick", "--wait", "--json");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("\"outcome\":\"Verified\"", output, StringComparison.Ordinal);

        var (statusCode, status, _) = await RunAsync("status", "cli-quick");
        Assert.Equal(ExitCodes.Success, statusCode);
        Assert.Contains("cli-quick | Completed | loop quick", status, StringComparison.Ordinal);

        var (listCode, list, _) = await RunAsync("list", "--loop", "quick");
        Assert.Equal(ExitCodes.Success, listCode);
        Assert.Contains("cli-quick", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_Reject_EndsTheLoopRejectedWithExitThree()
    {
        var (startCode, id, _) = await RunAsync("start", "gated");
        Assert.Equal(ExitCodes.Success, startCode);
        await _sandbox.WaitForPhaseAsync(id.Trim(), "AwaitingApproval");

        var (approveCode, _, said) = await RunAsync("approve", id.Trim(), "--reject", "--comment", "not today", "--by", "ana");
        Assert.Equal(ExitCodes.Success, approveCode);
        Assert.Contains("rejected", said, StringComparison.Ordinal);

        var (waitCode, _, progress) = await RunAsync("wait", id.Trim(), "--timeout", "90s");
        Assert.Equal(ExitCodes.Unverified, waitCode);
        Assert.Contains("Rejected", progress, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commands_WrongKeyUnknownInstanceOrNoHost_ExitOneWithTheReason()
    {
        var (wrongKey, _, unauthorized) = await RunAsync(["status", "x", "--key", "wrong-key-0123456789abc"], withKey: false);
        Assert.Equal(ExitCodes.Error, wrongKey);
        Assert.Contains("401", unauthorized, StringComparison.Ordinal);

        var (unknown, _, notFound) = await RunAsync("terminate", "no-such-run");
        Assert.Equal(ExitCodes.Error, unknown);
        Assert.Contains("no instance with id 'no-such-run'", notFound, StringComparison.Ordinal);

        var (noHost, _, unreachable) = await RunAsync(["status", "x", "--host", "http://127.0.0.1:9", "--key", Key], withKey: false);
        Assert.Equal(ExitCodes.Error, noHost);
        Assert.Contains("cannot reach the host", unreachable, StringComparison.Ordinal);

        var (badJson, _, usage) = await RunAsync("raise", "x", "go", "--data", "{nope");
        Assert.Equal(ExitCodes.Usage, badJson);
        Assert.Contains("--data is not valid JSON", usage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListStatusWait_AnInstanceTerminatedWithAReason_ShowItsReasonInsteadOfAborting()
    {
        var (_, started, _) = await RunAsync("start", "gated");
        var id = started.Trim();
        await _sandbox.WaitForPhaseAsync(id, "AwaitingApproval");

        // As the dashboard's Terminate does: a reason, which becomes the instance's output (a JSON string).
        var (terminateCode, _, said) = await RunAsync("terminate", id, "--reason", "stopped from the dashboard");
        Assert.True(terminateCode == ExitCodes.Success, said);
        await _sandbox.WaitForAsync(id, s => s["runtimeStatus"]?.ToString() == "Terminated");

        var (listCode, list, listError) = await RunAsync("list");
        Assert.True(listCode == ExitCodes.Success, listError);
        var row = Assert.Single(list.Split('\n'), l => l.StartsWith(id + " | Terminated", StringComparison.Ordinal));
        Assert.EndsWith("| reason: stopped from the dashboard", row.TrimEnd(), StringComparison.Ordinal);

        var (statusCode, status, statusError) = await RunAsync("status", id);
        Assert.True(statusCode == ExitCodes.Success, statusError);
        Assert.Contains("Terminated", status, StringComparison.Ordinal);

        var (waitCode, _, waited) = await RunAsync("wait", id, "--timeout", "30s");
        Assert.Equal(ExitCodes.Error, waitCode);
        Assert.Contains("reason: stopped from the dashboard", waited, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAndStatusHistory_TwoRuns_NewestFirstAndTheHistoryPrintedWithoutJson()
    {
        Assert.Equal(ExitCodes.Success, (await RunAsync("start", "quick", "--instance", "cli-older", "--wait")).Code);
        Assert.Equal(ExitCodes.Success, (await RunAsync("start", "quick", "--instance", "cli-newer", "--wait")).Code);

        var (listCode, list, _) = await RunAsync("list", "--loop", "quick");
        Assert.Equal(ExitCodes.Success, listCode);
        Assert.True(list.IndexOf("cli-newer", StringComparison.Ordinal) < list.IndexOf("cli-older", StringComparison.Ordinal), list);

        var (_, top, _) = await RunAsync("list", "--loop", "quick", "--top", "1");
        Assert.Contains("cli-newer", top, StringComparison.Ordinal);
        Assert.DoesNotContain("cli-older", top, StringComparison.Ordinal);

        var (historyCode, history, _) = await RunAsync("status", "cli-older", "--history");
        Assert.Equal(ExitCodes.Success, historyCode);
        Assert.Contains("ExecutionStarted", history, StringComparison.Ordinal);
        Assert.Contains("TaskCompleted RunAgent", history, StringComparison.Ordinal);
        Assert.Contains("ExecutionCompleted", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Terminate_DuringAnAgentStep_KillsTheAgentProcessAtOnce()
    {
        var mark = "loopfn-host-terminated-" + Guid.NewGuid().ToString("N");
        var agent = Path.Combine(_sandbox.Root, "sleeps.sh");
        await File.WriteAllTextAsync(agent, $"#!/usr/bin/env bash\nbash -c 'sleep 600; true # {mark}'\n");
        _sandbox.WriteLoop("sleeper", LoopFiles.Quick(_sandbox.Repository, agent));
        try
        {
            var (_, started, _) = await RunAsync("start", "sleeper");
            var id = started.Trim();
            Assert.True(await LoopFunctions.Cli.Tests.Processes.PollAsync(() => LoopFunctions.Cli.Tests.Processes.WithMark(mark).Count > 0, HostSandbox.Deadline), "the agent never started");

            var (code, _, said) = await RunAsync("terminate", id, "--reason", "enough");

            Assert.True(code == ExitCodes.Success, said);
            Assert.True(await LoopFunctions.Cli.Tests.Processes.AllGoneAsync(mark, TimeSpan.FromSeconds(15)), "the agent outlived its terminated run");
            await _sandbox.WaitForAsync(id, s => s["runtimeStatus"]?.ToString() == "Terminated");
        }
        finally
        {
            LoopFunctions.Cli.Tests.Processes.KillMarked(mark);
        }
    }

    [Fact]
    public async Task Raise_WithoutData_SendsJsonNullAndTheEventIsRaised()
    {
        var (_, id, _) = await RunAsync("start", "gated");
        await _sandbox.WaitForPhaseAsync(id.Trim(), "AwaitingApproval");

        // The host wants a JSON body on raiseEvent, as Durable Functions does; an event without data is null.
        var (code, _, said) = await RunAsync("raise", id.Trim(), "poke");
        Assert.True(code == ExitCodes.Success, said);
        await _sandbox.WaitForAsync(
            id.Trim(),
            s => s["historyEvents"]!.AsArray().Any(e => e!["EventType"]!.ToString() == "EventRaised" && e["Name"]?.ToString() == "poke" && e["Input"]?.ToString() == "null"),
            "?showHistory=true");
    }

    [Fact]
    public async Task Schedules_LoopsFolder_ListsNextFiresInUtcAndTheirZone()
    {
        _sandbox.WriteLoop("nightly", LoopFiles.Quick(_sandbox.Repository, _sandbox.AgentScript).Replace(
            "on: manual", "on:\n  schedule: { cron: \"0 30 1 * * *\", time_zone: Europe/Berlin }", StringComparison.Ordinal));

        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(["schedules", _sandbox.Loops, "--count", "2"], output, error);

        Assert.Equal(ExitCodes.Success, code);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("nightly  \"0 30 1 * * *\" (Europe/Berlin)", lines[0].TrimEnd());
        Assert.Equal(2, lines.Count(l => l.Contains("01:30:00 +0", StringComparison.Ordinal) && l.Contains("Europe/Berlin", StringComparison.Ordinal)));
    }

    private Task<(int Code, string Output, string Error)> RunAsync(params string[] args) => RunAsync(args, withKey: true);

    private async Task<(int Code, string Output, string Error)> RunAsync(string[] args, bool withKey)
    {
        var all = args.ToList();
        if (!all.Contains("--host"))
        {
            all.AddRange(["--host", _sandbox.Http.BaseAddress!.ToString()]);
        }

        if (withKey)
        {
            all.AddRange(["--key", Key]);
        }

        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync([.. all], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
