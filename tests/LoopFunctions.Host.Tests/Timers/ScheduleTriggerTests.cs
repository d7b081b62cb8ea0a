using System.Net;
using System.Text.Json.Nodes;
using LoopFunctions.Host.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace LoopFunctions.Host.Tests.Timers;

/// <summary>Timer triggers driven by a fake clock; the engine and the loops run for real on one SQLite store.</summary>
public sealed class ScheduleTriggerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 10, 0, 30, TimeSpan.Zero);
    private HostSandbox _sandbox = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await HostSandbox.CreateAsync();
        _sandbox.WriteLoop("tidy", LoopFiles.Quick(_sandbox.Repository, _sandbox.AgentScript).Replace("on: manual", "on:\n  schedule: \"0 */5 * * * *\"", StringComparison.Ordinal));
    }

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task Fire_TwoHostsOnOneStore_StartTheOccurrenceOnce()
    {
        var clock = new FakeTimeProvider(Start);
        await _sandbox.StartHostAsync(scheduleTime: clock);
        await _sandbox.StartHostAsync(scheduleTime: clock);

        clock.Advance(TimeSpan.FromMinutes(4.5));
        await AdvanceUntilStartedAsync(clock, "tidy-sched-20261125T100500Z");
        var done = await _sandbox.WaitForEndAsync("tidy-sched-20261125T100500Z");
        Assert.Equal("Verified", done["output"]!["outcome"]!.ToString());
        Assert.Equal("schedule", (await _sandbox.RunRequestAsync("tidy-sched-20261125T100500Z")).TriggeredBy);

        Assert.Equal(["tidy-sched-20261125T100500Z"], await ScheduledIdsAsync());
    }

    [Fact]
    public async Task Start_AfterDowntime_RunsOnlyTheLatestMissedFireOnce()
    {
        var before = new FakeTimeProvider(Start);
        var first = await _sandbox.StartHostAsync(scheduleTime: before);
        before.Advance(TimeSpan.FromMinutes(4.5));
        await AdvanceUntilStartedAsync(before, "tidy-sched-20261125T100500Z");
        await _sandbox.WaitForEndAsync("tidy-sched-20261125T100500Z");
        await first.StopAsync();

        // Down from 10:05 to 10:21: the 10:10, 10:15 and 10:20 fires were missed; only 10:20 runs, marked past due.
        var after = new FakeTimeProvider(Start.AddMinutes(21));
        await _sandbox.StartHostAsync(scheduleTime: after);
        var pastDue = await _sandbox.WaitForEndAsync("tidy-sched-20261125T102000Z");
        Assert.True((bool)pastDue["input"]!["input"]!["isPastDue"]!);
        Assert.Equal(["tidy-sched-20261125T100500Z", "tidy-sched-20261125T102000Z"], await ScheduledIdsAsync());
    }

    [Fact]
    public async Task Start_SkipPolicy_DoesNotRunMissedFires()
    {
        var clock = new FakeTimeProvider(Start);
        await _sandbox.StartHostAsync(new Dictionary<string, string?> { ["LoopFunctions:Schedules:PastDue"] = "skip" }, clock);
        clock.Advance(TimeSpan.FromMinutes(4.5));
        await AdvanceUntilStartedAsync(clock, "tidy-sched-20261125T100500Z");
        await _sandbox.WaitForEndAsync("tidy-sched-20261125T100500Z");
        await _sandbox.App!.StopAsync();

        await _sandbox.StartHostAsync(new Dictionary<string, string?> { ["LoopFunctions:Schedules:PastDue"] = "skip" }, new FakeTimeProvider(Start.AddMinutes(21)));
        Assert.Equal(["tidy-sched-20261125T100500Z"], await ScheduledIdsAsync());
    }

    /// <summary>Moves the fake clock a second at a time until the run exists: the service may compute its wait just
    /// before or after an advance, and either way a later advance releases it.</summary>
    private async Task AdvanceUntilStartedAsync(FakeTimeProvider clock, string instanceId)
    {
        using var deadline = new CancellationTokenSource(HostSandbox.Deadline);
        while ((await _sandbox.GetStatusAsync(instanceId)).Status == HttpStatusCode.NotFound)
        {
            deadline.Token.ThrowIfCancellationRequested();
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20, deadline.Token);
        }
    }

    private async Task<List<string>> ScheduledIdsAsync()
    {
        using var response = await _sandbox.Http.GetAsync("/runtime/webhooks/durabletask/instances?instanceIdPrefix=tidy-sched-");
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray().Select(i => i!["instanceId"]!.ToString()).Order(StringComparer.Ordinal).ToList();
    }
}
