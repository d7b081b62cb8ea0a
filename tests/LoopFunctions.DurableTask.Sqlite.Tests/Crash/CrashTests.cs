using System.Globalization;
using DurableTask.Core;
using LoopFunctions.DurableTask.Sqlite.CrashHost;
using LoopFunctions.DurableTask.Sqlite.Tests.TestSupport;
using Newtonsoft.Json.Linq;
using Xunit.Abstractions;

namespace LoopFunctions.DurableTask.Sqlite.Tests.Crash;

/// <summary>
/// Real processes, real SIGKILLs: a TaskHubWorker process runs orchestrations (activities with side effects in a file,
/// timers, sub-orchestrations) on a SQLite file and is killed at random moments; a new process must end every instance
/// with exactly the output of an uncrashed run, and no activity result may be applied twice.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output)
{
    private const int Instances = 60;

    [Fact]
    public async Task Worker_KilledWithSigkillAtRandomMoments_EveryInstanceEndsAsUncrashed()
    {
        await using var hub = await TestHub.StartAsync(startWorker: false);
        var log = Path.Combine(hub.Folder, "side-effects.log");
        var seed = Environment.GetEnvironmentVariable("DTFX_SQLITE_CRASH_SEED") is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : Random.Shared.Next();
        output.WriteLine($"seed {seed} (set DTFX_SQLITE_CRASH_SEED to repeat)");
        var random = new Random(seed);
        for (var k = 0; k < Instances; k++)
        {
            await hub.Client.CreateOrchestrationInstanceAsync(typeof(CrashWorkflow.Parent), $"crash-{k:D2}", k);
        }

        var kills = 0;
        while (kills < 12)
        {
            await using var child = Start(hub, log);
            var linesAtStart = CountLines(log);
            var reached = await Poll.UntilAsync(() => CountLines(log) > linesAtStart || child.HasExited, TimeSpan.FromSeconds(90));
            Assert.True(reached, "the worker made no progress before the deadline:\n" + child.Output);
            if (child.HasExited)
            {
                Assert.True(await child.WaitForExitAsync(TimeSpan.FromSeconds(10)) == 0, child.Output);
                output.WriteLine($"the worker finished everything early, after {CountLines(log) - linesAtStart} activity executions");
                break;
            }

            await Task.Delay(random.Next(0, 150)); // once it works, land the kill anywhere, including inside a commit
            await child.KillAsync();
            kills++;
            output.WriteLine($"kill {kills} after {CountLines(log) - linesAtStart} new activity executions");
        }

        await using (var survivor = Start(hub, log))
        {
            Assert.True(await survivor.WaitForExitAsync(TimeSpan.FromMinutes(3)) == 0, survivor.Output);
        }

        var effects = AppendLog.ReadAllLines(log).Select(l => l[..l.LastIndexOf(':')]).ToList();
        output.WriteLine($"{kills} kills; {effects.Count} activity executions for {Instances * (CrashWorkflow.Steps + 2)} activities");
        Assert.True(kills >= 10, $"only {kills} kills happened: the workload finished too early to test crashes");
        for (var k = 0; k < Instances; k++)
        {
            var id = $"crash-{k:D2}";
            var state = await hub.StateAsync(id);
            Assert.True(state!.OrchestrationStatus == OrchestrationStatus.Completed, $"{id} is {state.OrchestrationStatus}: {state.FailureDetails}");
            Assert.Equal(CrashWorkflow.Expected(k).ToString(CultureInfo.InvariantCulture), state.Output);
            for (var step = 1; step <= CrashWorkflow.Steps; step++)
            {
                Assert.Contains($"{id}:{step}", effects);
            }

            AssertNoResultAppliedTwice(id, await hub.Service.GetOrchestrationHistoryAsync(id, null!));
            AssertNoResultAppliedTwice(id + "-child", await hub.Service.GetOrchestrationHistoryAsync(id + "-child", null!));
        }
    }

    /// <summary>Every result event (activity, timer, sub-orchestration) appears at most once per scheduled id.</summary>
    private static void AssertNoResultAppliedTwice(string id, string history)
    {
        var results = JArray.Parse(history)
            .Where(e => (string?)e["$type"] is { } t && (t.Contains("TaskCompleted", StringComparison.Ordinal) || t.Contains("TaskFailed", StringComparison.Ordinal)
                || t.Contains("TimerFired", StringComparison.Ordinal) || t.Contains("SubOrchestrationInstance", StringComparison.Ordinal)))
            .Where(e => !((string)e["$type"]!).Contains("Created", StringComparison.Ordinal))
            .Select(e => ((string)e["$type"]!)[..((string)e["$type"]!).IndexOf(',', StringComparison.Ordinal)] + "#" + ((int?)e["TaskScheduledId"] ?? (int?)e["TimerId"]))
            .ToList();
        Assert.True(results.Count > 0, $"{id} has no results in its history");
        var twice = results.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"{id} applied results twice: {string.Join(", ", twice)}");
    }

    private static ChildProcess Start(TestHub hub, string log) =>
        ChildProcess.Start("LoopFunctions.DurableTask.Sqlite.CrashHost", new Dictionary<string, string> { ["DTFX_SQLITE_SLOW"] = "1" },
            "work", hub.DbPath, hub.Settings.TaskHubName, log, "-", "-");

    private static int CountLines(string path) => AppendLog.ReadAllLines(path).Count;
}
