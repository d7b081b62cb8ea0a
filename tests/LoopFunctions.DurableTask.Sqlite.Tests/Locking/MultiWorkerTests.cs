using DurableTask.Core;
using LoopFunctions.DurableTask.Sqlite.CrashHost;
using LoopFunctions.DurableTask.Sqlite.Tests.TestSupport;
using Xunit.Abstractions;

namespace LoopFunctions.DurableTask.Sqlite.Tests.Locking;

/// <summary>Several workers on one file: every instance completes, and no instance is run by two workers at once.</summary>
public sealed class MultiWorkerTests(ITestOutputHelper output)
{
    private const int Instances = 40;

    [Fact]
    public async Task TwoServicesInOneProcess_OneHub_EveryInstanceCompletesOnceAtATime()
    {
        await using var a = await TestHub.StartAsync(startWorker: false);
        var log = Path.Combine(a.Folder, "episodes.log");
        await using var b = await TestHub.StartAsync(startWorker: false, sharedFolder: a.Folder);
        await a.StartWorkerAsync(w => EpisodeLog.Attach(w, log, "A"));
        await b.StartWorkerAsync(w => EpisodeLog.Attach(w, log, "B"));
        await StartAndCheckAsync(a, log);
    }

    [Fact]
    public async Task TwoProcesses_OneHub_EveryInstanceCompletesOnceAtATime()
    {
        await using var client = await TestHub.StartAsync(startWorker: false);
        var log = Path.Combine(client.Folder, "episodes.log");
        var stop = Path.Combine(client.Folder, "stop");
        await using var first = ChildProcess.Start("LoopFunctions.DurableTask.Sqlite.CrashHost", "work", client.DbPath, client.Settings.TaskHubName, "-", log, stop);
        await using var second = ChildProcess.Start("LoopFunctions.DurableTask.Sqlite.CrashHost", "work", client.DbPath, client.Settings.TaskHubName, "-", log, stop);
        await Task.WhenAll(first.Started, second.Started).WaitAsync(TimeSpan.FromSeconds(60));
        await StartAndCheckAsync(client, log);
        await File.WriteAllTextAsync(stop, "");
        Assert.Equal(0, await first.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, await second.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    private async Task StartAndCheckAsync(TestHub hub, string log)
    {
        for (var i = 0; i < Instances; i++)
        {
            await hub.Client.CreateOrchestrationInstanceAsync(typeof(Workloads.Sequence), $"mw-{i:D2}", 2 + (i % 5));
        }

        for (var i = 0; i < Instances; i++)
        {
            var n = 2 + (i % 5);
            var state = await hub.WaitAsync($"mw-{i:D2}", TimeSpan.FromMinutes(2));
            Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
            Assert.Equal((n * (n + 1) * ((2 * n) + 1) / 6).ToString(System.Globalization.CultureInfo.InvariantCulture), state.Output);
        }

        var (overlaps, perWorker) = EpisodeIntervals.Check(log);
        output.WriteLine("episodes per worker: " + string.Join(", ", perWorker.Select(p => $"{p.Key}={p.Value}")));
        Assert.Empty(overlaps);
    }
}
