using DurableTask.Core.History;
using LoopFunctions.DurableTask.Client;
using LoopFunctions.DurableTask.Replay;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace LoopFunctions.DurableTask.Tests.Replay;

/// <summary>Histories recorded from real runs (<see cref="HistoryRecordingTests"/>) replayed against today's code
/// with DTFx's executor, as <c>loopfn replay-check</c> does, and against changed code that must be caught.</summary>
public sealed class SavedHistoryReplayTests
{
    public static TheoryData<string> SavedHistories() => new(Directory.GetFiles(HistoriesFolder, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!));

    private static string HistoriesFolder => Path.Combine(AppContext.BaseDirectory, "Replay", "Histories");

    [Theory]
    [MemberData(nameof(SavedHistories))]
    public void Check_SavedHistory_TodaysCodeReplaysItExactly(string name)
    {
        var history = Load(name);

        var result = Checker(ReplayOrchestrations.Register).Check(history);

        Assert.Null(result.Mismatch);
        Assert.True(result.IsDeterministic);
        Assert.Equal(name, result.OrchestratorName);
        Assert.Equal(history.Count, result.EventCount);
        var expected = history.OfType<ExecutionCompletedEvent>().Any() ? OrchestrationRuntimeStatus.Completed : OrchestrationRuntimeStatus.Running;
        Assert.Equal(expected, result.ReplayedStatus);
    }

    [Fact]
    public void Check_ActivityRenamed_MismatchNamesRecordedAndNewAction()
    {
        var result = Checker(r => r.AddOrchestratorFunc<string, string>("OrderPipeline", async (ctx, order) =>
        {
            await ctx.CallActivityAsync<string>("Reserve", order);
            return await ctx.CallActivityAsync<string>("ChargeCard", order);
        })).Check(Load("OrderPipeline"));

        var mismatch = Assert.IsType<ReplayMismatch>(result.Mismatch);
        Assert.Equal(1, mismatch.EventId);
        Assert.Equal("TaskScheduled 'Charge' (id 1)", mismatch.RecordedAction);
        Assert.Equal("TaskScheduled 'ChargeCard' (id 1)", mismatch.NewAction);
        Assert.Contains("'Charge'", mismatch.Message, StringComparison.Ordinal);
        Assert.Contains("'ChargeCard'", mismatch.Message, StringComparison.Ordinal);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.ReplayedStatus);
    }

    [Fact]
    public void Check_TimerReplacedByActivity_MismatchNamesBothKinds()
    {
        var result = Checker(r => r.AddOrchestratorFunc<string, string>("OrderPipeline", async (ctx, order) =>
        {
            await ctx.CallActivityAsync<string>("Reserve", order);
            await ctx.CallActivityAsync<string>("Charge", order);
            await Task.WhenAll(Enumerable.Range(1, 3).Select(i => ctx.CallActivityAsync<int>("Pack", i)));
            return await ctx.CallActivityAsync<string>("Reserve", "again");
        })).Check(Load("OrderPipeline"));

        var mismatch = Assert.IsType<ReplayMismatch>(result.Mismatch);
        Assert.Equal("TimerCreated (id 5)", mismatch.RecordedAction);
        Assert.Equal("TaskScheduled 'Reserve' (id 5)", mismatch.NewAction);
        Assert.Contains("timer", mismatch.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Check_StepRemoved_MismatchSaysTheCodeNowFinishesThere()
    {
        var result = Checker(r => r.AddOrchestratorFunc<int, int>("CountDown", (_, n) => Task.FromResult(n))).Check(Load("CountDown"));

        var mismatch = Assert.IsType<ReplayMismatch>(result.Mismatch);
        Assert.Equal("TaskScheduled 'Pack' (id 0)", mismatch.RecordedAction);
        Assert.Equal("ExecutionCompleted (Completed)", mismatch.NewAction);
        Assert.Contains("hasn't (yet?) scheduled", mismatch.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_StepReplacedByEventWait_MismatchSaysTheCodeDoesNothingThere()
    {
        var result = Checker(r => r.AddOrchestratorFunc<int, int>("CountDown", (ctx, _) => ctx.WaitForExternalEvent<int>("go"))).Check(Load("CountDown"));

        var mismatch = Assert.IsType<ReplayMismatch>(result.Mismatch);
        Assert.Equal("TaskScheduled 'Pack' (id 0)", mismatch.RecordedAction);
        Assert.Null(mismatch.NewAction);
    }

    [Fact]
    public void Check_StepAddedAtEnd_MismatchSaysTheHistoryEndsWithoutIt()
    {
        var result = Checker(r => r.AddOrchestratorFunc<int, int>("CountDown", async (ctx, n) =>
        {
            await ReplayOrchestrations.CountDown(ctx, n);
            await ctx.CallActivityAsync<int>("Pack", 0);
            return n;
        })).Check(Load("CountDown"));

        var mismatch = Assert.IsType<ReplayMismatch>(result.Mismatch);
        Assert.Equal(3, mismatch.EventId);
        Assert.Equal("ExecutionCompleted (Completed)", mismatch.RecordedAction);
        Assert.Equal("TaskScheduled 'Pack' (id 3)", mismatch.NewAction);
        Assert.Contains("ends without it", mismatch.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_InFlightInstanceNowFinishesEarly_MismatchSaysItWentOnWaiting()
    {
        var result = Checker(r => r.AddOrchestratorFunc<string, string>("AwaitingApproval", (ctx, change) => ctx.CallActivityAsync<string>("Reserve", change)))
            .Check(Load("AwaitingApproval"));

        var mismatch = Assert.IsType<ReplayMismatch>(result.Mismatch);
        Assert.Null(mismatch.RecordedAction);
        Assert.Equal("ExecutionCompleted (Completed)", mismatch.NewAction);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.ReplayedStatus);
    }

    [Fact]
    public void Check_OrchestratorNotInThisBuild_ReportedAsMismatch()
    {
        var result = Checker(_ => { }).Check(Load("CountDown"));

        var mismatch = Assert.IsType<ReplayMismatch>(result.Mismatch);
        Assert.Equal("ExecutionStarted 'CountDown'", mismatch.RecordedAction);
        Assert.Contains("No orchestrator named 'CountDown'", mismatch.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_History_LeavesTheCallersEventsUntouched()
    {
        var history = Load("CountDown");
        var before = HistoryJson.Serialize(history);

        Checker(ReplayOrchestrations.Register).Check(history);

        Assert.Equal(before, HistoryJson.Serialize(history));
    }

    private static OrchestrationReplayChecker Checker(Action<DurableTaskRegistry> register)
    {
        var registry = new DurableTaskRegistry();
        register(registry);
        return new OrchestrationReplayChecker(registry);
    }

    private static IList<HistoryEvent> Load(string name) =>
        HistoryJson.Deserialize(File.ReadAllText(Path.Combine(HistoriesFolder, name + ".json")));
}
