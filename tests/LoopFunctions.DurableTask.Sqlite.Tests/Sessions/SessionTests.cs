using System.Diagnostics;
using DurableTask.Core;
using DurableTask.Core.Exceptions;
using LoopFunctions.DurableTask.Sqlite.CrashHost;
using LoopFunctions.DurableTask.Sqlite.Tests.TestSupport;

namespace LoopFunctions.DurableTask.Sqlite.Tests.Sessions;

public sealed class SessionTests
{
    [Fact]
    public async Task ExtendedSession_500SequentialSteps_OrchestratorRunsOnceWithoutReplay()
    {
        await using var hub = await TestHub.StartAsync();
        var state = await hub.RunAsync(typeof(TestOrchestrations.Long), 500, "long-500", TimeSpan.FromMinutes(2));
        Assert.Equal("500", state.Output);
        Assert.Equal(1, TestOrchestrations.Executions["long-500"]); // 501 without sessions: one replay per step
    }

    [Fact]
    public async Task FetchNewMessages_LockTakenByAnotherWorker_ThrowsSessionAborted()
    {
        await using var hub = await TestHub.StartAsync(startWorker: false);
        await hub.Client.CreateOrchestrationInstanceAsync(typeof(TestOrchestrations.Hello), "steal-1", "x");
        await hub.Service.StartAsync();
        var item = await hub.Service.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.NotNull(item.Session);
        hub.Sql($"UPDATE instances SET lock_token = 'someone-else', lock_expires = {DateTime.UtcNow.AddMinutes(5).Ticks} WHERE instance_id = 'steal-1'");
        await Assert.ThrowsAsync<SessionAbortedException>(() => item.Session.FetchNewOrchestrationMessagesAsync(item));
    }

    [Fact]
    public async Task ExtendedSession_IdleTimeout_ReleasesTheLockAndAnotherProcessTakesTheInstance()
    {
        await using var hub = await TestHub.StartAsync(s => s.ExtendedSessionIdleTimeout = TimeSpan.FromMilliseconds(300));
        var instance = await hub.Client.CreateOrchestrationInstanceAsync(typeof(Workloads.Approval), "idle-1", "x");
        Assert.True(await Poll.UntilAsync(() => hub.Sql("SELECT status FROM instances WHERE instance_id = 'idle-1'") is 0L));
        Assert.True(await Poll.UntilAsync(() => hub.Sql("SELECT lock_token FROM instances WHERE instance_id = 'idle-1'") is null, TimeSpan.FromSeconds(10)),
            "the idle session kept its lock");
        await hub.StopWorkerAsync();

        var stop = Path.Combine(hub.Folder, "stop");
        await using var other = ChildProcess.Start("LoopFunctions.DurableTask.Sqlite.CrashHost", "work", hub.DbPath, hub.Settings.TaskHubName, "-", Path.Combine(hub.Folder, "episodes.log"), stop);
        await other.Started.WaitAsync(TimeSpan.FromSeconds(60));
        await hub.Client.RaiseEventAsync(instance, "approve", "yes");
        var state = await hub.WaitAsync("idle-1");
        Assert.Equal("\"x:yes\"", state.Output);
        Assert.Contains($"begin idle-1 {other.ProcessId} ", string.Join('\n', AppendLog.ReadAllLines(Path.Combine(hub.Folder, "episodes.log"))), StringComparison.Ordinal);
        await File.WriteAllTextAsync(stop, "");
        Assert.Equal(0, await other.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task WorkerStop_SessionWaitingForMessages_ReturnsPromptly()
    {
        await using var hub = await TestHub.StartAsync(s => s.ExtendedSessionIdleTimeout = TimeSpan.FromSeconds(60));
        await hub.Client.CreateOrchestrationInstanceAsync(typeof(Workloads.Approval), "stop-1", "x");
        Assert.True(await Poll.UntilAsync(() => hub.Sql("SELECT status FROM instances WHERE instance_id = 'stop-1'") is 0L));
        var stopwatch = Stopwatch.StartNew();
        await hub.Worker.StopAsync(isForced: false);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"the worker took {stopwatch.Elapsed} to stop with a waiting session (idle timeout 60 s)");
        Assert.Null(hub.Sql("SELECT lock_token FROM instances WHERE instance_id = 'stop-1'"));
    }

    [Fact]
    public async Task StopAsync_BlockedFetches_ReturnNullPromptly()
    {
        await using var hub = await TestHub.StartAsync(startWorker: false);
        await hub.Service.StartAsync();
        var orchestration = hub.Service.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        var activity = hub.Service.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(30), CancellationToken.None);
        await hub.Service.StopAsync();
        Assert.Null(await orchestration.WaitAsync(TimeSpan.FromSeconds(3)));
        Assert.Null(await activity.WaitAsync(TimeSpan.FromSeconds(3)));
    }
}
