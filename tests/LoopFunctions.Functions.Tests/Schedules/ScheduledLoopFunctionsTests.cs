using System.Text.Json;
using LoopFunctions.Functions.Schedules;
using LoopFunctions.Functions.Tests.TestSupport;
using LoopFunctions.Loops.Orchestration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace LoopFunctions.Functions.Tests.Schedules;

/// <summary>The generated timer function of the repository's scheduled sample loop (<c>loops/nightly-deps.md</c>:
/// 02:00 on weekdays in Europe/Berlin), invoked as the runtime would.</summary>
public sealed class ScheduledLoopFunctionsTests
{
    private readonly Mock<DurableTaskClient> _client = new(MockBehavior.Strict, "test");
    private readonly List<(string Id, LoopRunInput Request)> _starts = [];
    private readonly List<OrchestrationMetadata> _hub = [];

    public ScheduledLoopFunctionsTests()
    {
        _client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Returns((TaskName _, object? input, StartOrchestrationOptions? o, CancellationToken _) =>
            {
                _starts.Add((o!.InstanceId!, (LoopRunInput)input!));
                return Task.FromResult(o.InstanceId!);
            });
        _client.Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery?>()))
            .Returns((OrchestrationQuery? q) => Pageable.Create((string? _, CancellationToken _) =>
                Task.FromResult(new Page<OrchestrationMetadata>(_hub.Where(i => i.InstanceId.StartsWith(q!.InstanceIdPrefix!, StringComparison.Ordinal)).ToList()))));
    }

    [Fact]
    public async Task Timer_AtTheLoopsLocalOccurrence_StartsTheScheduledRun()
    {
        var started = await Invoke("2026-01-05T01:00:00Z", new TimerInfo());

        Assert.Equal("nightly-deps-sched-20260105T010000Z", started);
        var (id, request) = Assert.Single(_starts);
        Assert.Equal(("nightly-deps", "schedule"), (request.LoopName, request.TriggeredBy));
        Assert.False(JsonDocument.Parse(request.InputText!).RootElement.GetProperty("isPastDue").GetBoolean());
    }

    [Fact]
    public async Task Timer_AtAnHourThatIsNotAnOccurrence_StartsNothing()
    {
        Assert.Null(await Invoke("2026-01-05T00:00:00Z", new TimerInfo()));
        Assert.Empty(_starts);
    }

    [Fact]
    public async Task Timer_PastDueWithRunLatest_RunsTheLatestMissedOccurrenceMarkedPastDue()
    {
        _hub.Add(new OrchestrationMetadata(LoopActivityNames.Orchestrator, "nightly-deps-sched-20260105T010000Z") { RuntimeStatus = OrchestrationRuntimeStatus.Completed });

        var started = await Invoke("2026-01-08T09:30:00Z", new TimerInfo { IsPastDue = true });

        Assert.Equal("nightly-deps-sched-20260108T010000Z", started);
        Assert.True(JsonDocument.Parse(Assert.Single(_starts).Request.InputText!).RootElement.GetProperty("isPastDue").GetBoolean());
    }

    [Fact]
    public async Task Timer_PastDueWithSkip_StartsNothing()
    {
        _hub.Add(new OrchestrationMetadata(LoopActivityNames.Orchestrator, "nightly-deps-sched-20260105T010000Z") { RuntimeStatus = OrchestrationRuntimeStatus.Completed });

        Assert.Null(await Invoke("2026-01-08T09:30:00Z", new TimerInfo { IsPastDue = true }, pastDue: "skip"));
        Assert.Empty(_starts);
    }

    private async Task<string?> Invoke(string now, TimerInfo timer, string pastDue = "run-latest")
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));
        using var harness = new FunctionsHarness(Repository.Loops, new Dictionary<string, string?> { ["LoopFunctions:Schedules:PastDue"] = pastDue }, time);
        var functions = new ScheduledLoopFunctions(harness.Triggers, time, NullLogger<ScheduledLoopFunctions>.Instance);

        // The generated function itself: it passes its loop and timer schedule to RunAsync.
        await functions.Schedule_nightly_deps(timer, _client.Object, harness.Context.Object);
        return _starts.Count == 0 ? null : _starts[^1].Id;
    }
}
