using System.Text.Json;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Triggers.Schedules;
using LoopFunctions.Triggers.Starting;
using LoopFunctions.Triggers.Tests.TestSupport;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;

namespace LoopFunctions.Triggers.Tests.Schedules;

public sealed class ScheduleLauncherTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 5, 6, 12, 0, 0, TimeSpan.Zero);
    private readonly LoopFolderFixture _loops = new();
    private readonly FakeClient _client = new();

    public void Dispose() => _loops.Dispose();

    [Fact]
    public async Task FireAsync_Occurrence_StartsOnceWithItsIdEvenAfterTheRunEnded()
    {
        var loop = _loops.Write("nightly", "on:\n  schedule: \"0 0 2 * * *\"");
        var fire = new ScheduledFire(loop, "0 0 2 * * *", "UTC", new DateTimeOffset(2026, 5, 6, 2, 0, 0, TimeSpan.Zero));

        Assert.True(await Launcher().FireAsync(fire, pastDue: false, default));
        _client.Seed(new OrchestrationMetadata(LoopActivityNames.Orchestrator, fire.InstanceId) { RuntimeStatus = OrchestrationRuntimeStatus.Completed });
        Assert.False(await Launcher().FireAsync(fire, pastDue: false, default));

        var start = Assert.Single(_client.Starts);
        Assert.Equal("nightly-sched-20260506T020000Z", start.InstanceId);
        Assert.Equal(LoopStart.AnyStatus.Count, start.Options!.DedupeStatuses!.Count);
        var input = JsonDocument.Parse(Assert.IsType<LoopRunInput>(start.Input).InputText!).RootElement;
        Assert.False(input.GetProperty("isPastDue").GetBoolean());
        Assert.Equal("schedule", Assert.IsType<LoopRunInput>(start.Input).TriggeredBy);
    }

    [Fact]
    public async Task CatchUpAsync_RunLatest_RunsOnlyTheMostRecentMissedFireMarkedPastDue()
    {
        var loop = _loops.Write("nightly", "on:\n  schedule: \"0 0 2 * * *\"");
        _client.Seed(new OrchestrationMetadata(LoopActivityNames.Orchestrator, "nightly-sched-20260503T020000Z") { RuntimeStatus = OrchestrationRuntimeStatus.Completed });

        var fired = await Launcher().CatchUpAsync(loop, Now, PastDuePolicy.RunLatest, default);

        Assert.Equal("nightly-sched-20260506T020000Z", fired?.InstanceId);
        var start = Assert.Single(_client.Starts);
        Assert.True(JsonDocument.Parse(Assert.IsType<LoopRunInput>(start.Input).InputText!).RootElement.GetProperty("isPastDue").GetBoolean());
    }

    [Fact]
    public async Task CatchUpAsync_SkipOrNeverFired_RunsNothing()
    {
        var loop = _loops.Write("nightly", "on:\n  schedule: \"0 0 2 * * *\"");
        Assert.Null(await Launcher().CatchUpAsync(loop, Now, PastDuePolicy.RunLatest, default));
        _client.Seed(new OrchestrationMetadata(LoopActivityNames.Orchestrator, "nightly-sched-20260503T020000Z") { RuntimeStatus = OrchestrationRuntimeStatus.Completed });
        Assert.Null(await Launcher().CatchUpAsync(loop, Now, PastDuePolicy.Skip, default));
        Assert.Empty(_client.Starts);
    }

    [Fact]
    public async Task CatchUpAsync_LatestFireAlreadyRan_RunsNothing()
    {
        var loop = _loops.Write("nightly", "on:\n  schedule: \"0 0 2 * * *\"");
        _client.Seed(new OrchestrationMetadata(LoopActivityNames.Orchestrator, "nightly-sched-20260506T020000Z") { RuntimeStatus = OrchestrationRuntimeStatus.Completed });
        Assert.Null(await Launcher().CatchUpAsync(loop, Now, PastDuePolicy.RunLatest, default));
        Assert.Empty(_client.Starts);
    }

    private ScheduleLauncher Launcher() =>
        new(_client.Object, new LoopLauncher(_client.Object, TimeProvider.System, NullLogger<LoopLauncher>.Instance), NullLogger<ScheduleLauncher>.Instance);
}
